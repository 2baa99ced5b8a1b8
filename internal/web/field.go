package web

// formField is what the "text" and "textarea" templates need.
type formField struct {
	Name, Label, Hint, Error, Value, RequiredText, Autocomplete string
	Required                                                    bool
}

// Describedby lists the ids of the field's hint and error.
func (f formField) Describedby() string {
	s := ""
	if f.Hint != "" {
		s = f.Name + "-hint"
	}
	if f.Error != "" {
		if s != "" {
			s += " "
		}
		s += f.Name + "-error"
	}
	return s
}

// Field builds a form field from the page: its label and hint by key, its
// submitted value and its error.
func (p *page) Field(name, label, hint string, required bool, autocomplete string) formField {
	f := formField{Name: name, Label: p.T(label), Error: p.Err(name), Value: p.Value(name), Required: required,
		RequiredText: p.T("common.required"), Autocomplete: autocomplete}
	if hint != "" {
		f.Hint = p.T(hint)
	}
	return f
}
