package main

import (
	"github.com/torg-kommune/torg/internal/bench/gen"
	workload "github.com/torg-kommune/torg/internal/bench/run"
)

// readManifest reads the manifest of `torg bench gen` into what the workload needs.
func readManifest(path string) (*workload.Fixture, error) {
	m, err := gen.ReadManifest(path)
	if err != nil {
		return nil, err
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
