package demo

// Name and address material for the synthetic population. The names are
// among the most common in Norway, so no combination points at anyone;
// Torgvik and its streets are made up.
var (
	femaleNames = []string{
		"Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
		"Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth", "Kristin",
		"Tone", "Silje", "Hanne", "Camilla", "Emma", "Nora", "Sara", "Ingeborg", "Sofie", "Thea",
		"Maja", "Linnea", "Ragnhild", "Gunn", "Mari", "Aud", "Åse", "Sigrid", "Tuva", "Vilde",
	}
	maleNames = []string{
		"Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas",
		"Hans", "Geir", "Tor", "Morten", "Terje", "Odd", "Martin", "Erik", "Andreas", "John",
		"Anders", "Rune", "Trond", "Tore", "Jon", "Øyvind", "Kristian", "Magnus", "Henrik", "Jonas",
		"Emil", "Sander", "Håkon", "Sindre", "Eirik", "Even", "Aksel", "Mathias", "Tobias", "Ivar",
	}
	familyNames = []string{
		"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
		"Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
		"Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
		"Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
		"Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke",
		"Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen",
		"Sæther", "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen",
	}
	streets = []string{
		"Storgata", "Kirkeveien", "Havnegata", "Torgallmenningen", "Skolegata", "Fjordveien", "Bjørkelia", "Granstien",
		"Strandveien", "Kaigata", "Møllebakken", "Sjøgata", "Prestegårdsveien", "Fiskerveien", "Nordlysveien", "Åsveien",
		"Lyngveien", "Furuveien", "Sentrumsgata", "Bryggeveien", "Rådhusgata", "Stasjonsveien", "Fagerliveien", "Solbakken",
	}
	// postcodes are those of Torgvik's made-up postal districts.
	postcodes = []string{"9901", "9902", "9903", "9905", "9906", "9908"}
	// interpreterLanguages are the languages (bokmål names) that some
	// persons need an interpreter for.
	interpreterLanguages = []string{"arabisk", "somali", "tigrinja", "polsk", "ukrainsk", "dari", "litauisk"}
)

// The town and the municipality.
const (
	townName    = "Torgvik"
	emailDomain = "torgvik.kommune.example"
)
