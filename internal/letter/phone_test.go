package letter

import (
	"regexp"
	"strings"
	"testing"
)

// dangling is punctuation or a line end straight after a space: what is
// left where a merge field printed nothing ("ring oss på telefon .").
var dangling = regexp.MustCompile(` [.,;:]| $|  `)

// TestUnitPhoneMayBeEmpty checks that every template reads well for a unit
// without a phone number: the words around the number go with it.
func TestUnitPhoneMayBeEmpty(t *testing.T) {
	for _, name := range Names() {
		for _, lang := range Langs() {
			t.Run(lang+"/"+name, func(t *testing.T) {
				with := sampleLetter(t, name, lang)
				phone := with.Data.Unit.Phone
				_, withBody, err := Compose(with)
				if err != nil {
					t.Fatal(err)
				}
				without := sampleLetter(t, name, lang)
				without.Data.Unit.Phone = ""
				_, body, err := Compose(without)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(withBody, phone) {
					if body != withBody {
						t.Errorf("the phone is not printed, yet the text changes without it:\n%s", body)
					}
					return
				}
				// The text with the number simply cut out must not be there.
				for rest := withBody; ; {
					i := strings.Index(rest, phone)
					if i < 0 {
						break
					}
					before := rest[max(0, i-15):i]
					after := rest[i+len(phone) : min(len(rest), i+len(phone)+1)]
					if strings.Contains(body, before+after) {
						t.Errorf("without a phone the text reads %q:\n%s", before+after, body)
					}
					rest = rest[i+len(phone):]
				}
				for _, line := range strings.Split(body, "\n") {
					if dangling.MatchString(line) {
						t.Errorf("a dangling space in %q", line)
					}
				}
			})
		}
	}
}
