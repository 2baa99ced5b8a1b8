package gen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Manifest describes a generated database for the load harness: what it
// holds, who can log in, and persons to look up. It holds passwords,
// tokens and national IDs, so it is written readable by its owner only.
type Manifest struct {
	Created   time.Time `json:"created"`
	Country   string    `json:"country"`
	Persons   int64     `json:"persons"`
	Cases     int64     `json:"cases"`
	Records   int64     `json:"records"`
	Notes     int64     `json:"notes"`
	Tasks     int64     `json:"tasks"`
	Inquiries int64     `json:"inquiries"`
	Staff     []Staff   `json:"staff"`   // every generated employee who can log in
	Samples   []Sample  `json:"samples"` // up to 20,000 generated persons with a case, spread over the register
}

// Staff is a generated employee.
type Staff struct {
	Username string  `json:"username"`
	Password string  `json:"password"`
	Token    string  `json:"token"` // a bearer token for /api/v1 ("torg_…")
	Role     string  `json:"role"`  // "frontdesk" | "counsellor" | "socialworker" | "leader"
	UnitID   int64   `json:"unit_id"`
	CaseIDs  []int64 `json:"case_ids"` // up to 200 of the cases this employee may open (their unit's)
}

// Sample is a generated person with a case.
type Sample struct {
	NIN       string `json:"nin"` // never logged
	PersonID  int64  `json:"person_id"`
	CaseID    int64  `json:"case_id"`
	UnitID    int64  `json:"unit_id"`   // the unit that owns CaseID
	Protected bool   `json:"protected"` // the person has a protection level: staff without clearance get 404
}

// Roles of generated staff, as the manifest names them.
const (
	RoleFrontDesk    = "frontdesk"
	RoleCounsellor   = "counsellor"
	RoleSocialWorker = "socialworker"
	RoleLeader       = "leader"
)

// ReadManifest reads a manifest written by WriteManifest.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bench manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("bench manifest %s: %w", path, err)
	}
	return &m, nil
}

// WriteManifest writes m to path, readable by its owner only, replacing
// the file in one step.
func WriteManifest(path string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return fmt.Errorf("bench manifest: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("bench manifest: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("bench manifest: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("bench manifest: %w", err)
	}
	return nil
}
