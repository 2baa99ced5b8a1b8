package api

import (
	_ "embed"
	"net/http"

	"github.com/torg-kommune/torg"
)

// openAPIDoc is the hand-written OpenAPI 3.1 description of the API. The
// tests check every response against it and every operation in it against
// the routes, so it cannot drift from the code.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves the OpenAPI document; it needs no token.
func (a *api) openAPI(w http.ResponseWriter, r *http.Request, _ *torg.Employee) error {
	// The document is public and changes only with a new build.
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDoc)
	return nil
}
