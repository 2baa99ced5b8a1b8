package main

import (
	"encoding/json"
	"fmt"
	"os"

	workload "github.com/torg-kommune/torg/internal/bench/run"
)

// readManifest reads the manifest of `torg bench gen` into what the workload needs.
func readManifest(path string) (*workload.Fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m struct {
		Staff []struct {
			Username string  `json:"username"`
			Password string  `json:"password"`
			Token    string  `json:"token"`
			Role     string  `json:"role"`
			UnitID   int64   `json:"unit_id"`
			CaseIDs  []int64 `json:"case_ids"`
		} `json:"staff"`
		Samples []struct {
			NIN       string `json:"nin"`
			PersonID  int64  `json:"person_id"`
			CaseID    int64  `json:"case_id"`
			UnitID    int64  `json:"unit_id"`
			Protected bool   `json:"protected"`
		} `json:"samples"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	fx := &workload.Fixture{}
	for _, s := range m.Staff {
		fx.Staff = append(fx.Staff, workload.Staff{Username: s.Username, Password: s.Password, Token: s.Token,
			Role: s.Role, UnitID: s.UnitID, CaseIDs: s.CaseIDs})
	}
	for _, s := range m.Samples {
		fx.Samples = append(fx.Samples, workload.Sample(s))
	}
	return fx, nil
}
