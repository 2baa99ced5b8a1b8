package web

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/routine"
)

func TestDiffSteps(t *testing.T) {
	src, err := fs.ReadFile(routine.SeedFiles(), "fd.yaml")
	if err != nil {
		t.Fatal(err)
	}
	old, err := routine.Parse("fd.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	first := old.Steps[0]
	changedSrc := strings.Replace(string(src), "version: 1", "version: 2", 1)
	changedSrc = strings.Replace(changedSrc, first.Title.In("nb"), first.Title.In("nb")+" (ny tekst)", 1)
	cur, err := routine.Parse("fd.yaml", []byte(changedSrc))
	if err != nil {
		t.Fatal(err)
	}
	changed, removed := diffSteps(old, cur, "nb")
	if changed[first.ID] != "changed" || len(changed) != 1 || len(removed) != 0 {
		t.Errorf("changed %v removed %v; want only %s changed", changed, removed, first.ID)
	}
	cur.Steps = cur.Steps[1:]
	if _, removed := diffSteps(old, cur, "nb"); len(removed) != 1 || removed[0].ID != first.ID {
		t.Errorf("removed %v, want %s", removed, first.ID)
	}
}
