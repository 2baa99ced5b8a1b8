package gen

// Name and address material per country. The names are among the most
// common of each country, so no combination points at anyone; the
// municipalities and their streets are made up.
type material struct {
	municipality, town, code, language, timeZone string
	female, male, family, streets, postcodes     []string
	flat                                         string // the address's flat part, with %d for the flat's number
}

var materials = map[string]material{
	Norway: {
		municipality: "Benkvik kommune", town: "Benkvik", code: "9902", language: "nb", timeZone: "Europe/Oslo",
		female: []string{"Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Hilde",
			"Ida", "Nina", "Maria", "Silje", "Emma", "Nora", "Sara", "Sofie", "Thea", "Maja"},
		male: []string{"Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas",
			"Hans", "Geir", "Morten", "Erik", "Andreas", "Jonas", "Emil", "Sander", "Henrik", "Magnus"},
		family: []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
			"Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Dahl", "Lund",
			"Moen", "Strand", "Solberg", "Eide", "Bakken", "Lie", "Nguyen", "Ali", "Holm", "Ahmed"},
		streets: []string{"Storgata", "Kirkeveien", "Havnegata", "Skolegata", "Fjordveien", "Bjørkelia", "Granstien",
			"Strandveien", "Kaigata", "Møllebakken", "Sjøgata", "Fiskerveien", "Åsveien", "Furuveien"},
		postcodes: []string{"9911", "9912", "9913", "9914", "9915"},
		flat:      "H%04d",
	},
	Sweden: {
		municipality: "Bänkby kommun", town: "Bänkby", code: "9902", language: "sv", timeZone: "Europe/Stockholm",
		female: []string{"Anna", "Eva", "Maria", "Karin", "Sara", "Christina", "Lena", "Emma", "Kerstin", "Ingrid",
			"Malin", "Sofia", "Linnea", "Elsa", "Maja", "Alice", "Ella", "Wilma", "Ebba", "Astrid"},
		male: []string{"Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Jan", "Thomas",
			"Daniel", "Fredrik", "Hans", "Oscar", "William", "Lucas", "Liam", "Hugo", "Elias", "Nils"},
		family: []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
			"Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg",
			"Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Berg", "Axelsson", "Mohammed"},
		streets: []string{"Storgatan", "Kyrkogatan", "Hamngatan", "Skolgatan", "Järnvägsgatan", "Björkvägen",
			"Granvägen", "Strandvägen", "Kvarngatan", "Sjögatan", "Fiskarvägen", "Tallvägen"},
		postcodes: []string{"991 01", "991 02", "991 03", "991 04"},
		flat:      "lgh %04d",
	},
	Denmark: {
		municipality: "Bænkby Kommune", town: "Bænkby", code: "992", language: "da", timeZone: "Europe/Copenhagen",
		female: []string{"Anne", "Kirsten", "Mette", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Marianne",
			"Camilla", "Louise", "Ida", "Emma", "Sofie", "Freja", "Clara", "Laura", "Alma", "Ella", "Karen"},
		male: []string{"Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Christian",
			"Martin", "Rasmus", "Jesper", "Mads", "William", "Noah", "Oscar", "Lucas", "Victor", "Frederik"},
		family: []string{"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
			"Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
			"Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Ahmed", "Holm"},
		streets: []string{"Storegade", "Kirkevej", "Havnegade", "Skolegade", "Stationsvej", "Birkevej", "Granvej",
			"Strandvejen", "Møllevej", "Søgade", "Fiskervej", "Bøgevej"},
		postcodes: []string{"9991", "9992", "9993", "9994"},
		flat:      "lejl. %d",
	},
}
