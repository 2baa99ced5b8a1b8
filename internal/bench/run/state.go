package run

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// state is what one client knows: whom it acts as, the persons and cases it works on,
// and the tasks it has seen on its work list.
type state struct {
	base, run  string
	desk, coun *Staff
	samples    []Sample       // everyone's persons, for the desk
	unit       []Sample       // persons with a case in the counsellor's unit whose visibility is known
	visible    map[int64]bool // protected persons of unit: whether the counsellor is cleared for them
	open       []int64        // cases of unit the counsellor is cleared for
	tasks      []int64        // open tasks from the counsellor's work list
	done       []int64        // some of the tasks this client completed
	seq        int
}

// maxProtected is how many protected persons of its unit a client learns about when it starts.
const maxProtected = 10

func randomUint() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// login logs the counsellor in to the web through the login form, as a browser does.
func (s *state) login(ctx context.Context, w *load.Worker) error {
	form := url.Values{"username": {s.coun.Username}, "password": {s.coun.Password}}
	req, err := http.NewRequestWithContext(ctx, "POST", s.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := w.HTTP.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("web login as %s: %s, want 303", s.coun.Username, resp.Status)
	}
	u, _ := url.Parse(s.base + "/")
	if len(w.HTTP.Jar.Cookies(u)) == 0 {
		return fmt.Errorf("web login as %s: no session cookie", s.coun.Username)
	}
	return nil
}

// learn picks the persons of the counsellor's unit and finds out, by looking each protected
// one up, whether the counsellor is cleared for them: an uncleared counsellor must get 404
// for their cases.
func (s *state) learn(ctx context.Context, w *load.Worker) error {
	s.visible = map[int64]bool{}
	for _, p := range s.samples {
		if p.UnitID != s.coun.UnitID {
			continue
		}
		if p.Protected {
			if len(s.visible) >= maxProtected {
				continue
			}
			var out personOut
			if err := s.api(ctx, w, s.coun, "POST", "/persons/lookup", map[string]string{"nin": p.NIN}, &out); err != nil {
				return fmt.Errorf("looking up a protected person as %s: %w", s.coun.Username, err)
			}
			s.visible[p.PersonID] = !out.AddressHidden
		}
		s.unit = append(s.unit, p)
		if !p.Protected || s.visible[p.PersonID] {
			s.open = append(s.open, p.CaseID)
		}
	}
	if len(s.open) == 0 && len(s.coun.CaseIDs) == 0 {
		return fmt.Errorf("%s has no case to open: no case IDs in the manifest and no sample person in their unit", s.coun.Username)
	}
	return nil
}

// api calls the JSON API as employee e and decodes the answer into out (if not nil).
func (s *state) api(ctx context.Context, w *load.Worker, e *Staff, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+"/api/v1"+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+e.Token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method == "POST" && strings.HasPrefix(path, "/inquiries") {
		s.seq++
		req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%s-%d-%d", s.run, w.ID, s.seq))
	}
	_, b, err := w.Do(req)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// pick returns a random element of xs.
func pick[T any](w *load.Worker, xs []T) T { return xs[w.Rand.IntN(len(xs))] }
