package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specURL is where the tests file openapi.json for the schema compiler, so
// that its "#/components/schemas/…" references resolve inside it.
const specURL = "https://torg.invalid/api/v1/openapi.json"

// methods are the operation keys of an OpenAPI path item.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// spec is openapi.json as the tests use it: decoded, with a schema compiler
// over it, and the operations the tests have called.
type spec struct {
	doc      map[string]any
	compiler *jsonschema.Compiler

	mu      sync.Mutex
	schemas map[string]*jsonschema.Schema // by JSON pointer
	hits    map[string]bool               // "GET /persons/{id}"
}

func loadSpec(tb testing.TB) *spec {
	tb.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPIDoc))
	if err != nil {
		tb.Fatalf("openapi.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(specURL, doc); err != nil {
		tb.Fatalf("openapi.json: %v", err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		tb.Fatal("openapi.json: not an object")
	}
	return &spec{doc: m, compiler: c, schemas: map[string]*jsonschema.Schema{}, hits: map[string]bool{}}
}

// escape escapes a JSON pointer token.
func escape(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

// lookup returns the value at a JSON pointer into the document.
func (s *spec) lookup(ptr string) (any, bool) {
	var v any = s.doc
	for tok := range strings.SplitSeq(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		var ok bool
		switch c := v.(type) {
		case map[string]any:
			v, ok = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if ok = err == nil && i >= 0 && i < len(c); ok {
				v = c[i]
			}
		}
		if !ok {
			return nil, false
		}
	}
	return v, true
}

// object returns the object at ptr, following a $ref to another place in
// the document, and the pointer it was found at.
func (s *spec) object(ptr string) (map[string]any, string) {
	v, _ := s.lookup(ptr)
	obj, _ := v.(map[string]any)
	if ref, ok := obj["$ref"].(string); ok {
		return s.object(strings.TrimPrefix(ref, "#"))
	}
	return obj, ptr
}

// schema returns the compiled schema at a JSON pointer into the document.
func (s *spec) schema(tb testing.TB, ptr string) *jsonschema.Schema {
	tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.schemas[ptr]; ok {
		return sch
	}
	sch, err := s.compiler.Compile(specURL + "#" + ptr)
	if err != nil {
		tb.Fatalf("compile %s: %v", ptr, err)
	}
	s.schemas[ptr] = sch
	return sch
}

// validate checks a JSON text against the schema at ptr.
func (s *spec) validate(tb testing.TB, ptr string, body []byte) error {
	tb.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("not JSON: %v: %s", err, body)
	}
	if err := s.schema(tb, ptr).Validate(v); err != nil {
		return fmt.Errorf("%v\nbody: %s", err, body)
	}
	return nil
}

// operations returns every documented operation as "METHOD /path".
func (s *spec) operations() []string {
	var ops []string
	paths, _ := s.doc["paths"].(map[string]any)
	for path, item := range paths {
		for _, m := range methods {
			if _, ok := item.(map[string]any)[m]; ok {
				ops = append(ops, strings.ToUpper(m)+" "+path)
			}
		}
	}
	slices.Sort(ops)
	return ops
}

// template returns the documented path that a request path matches, the
// one with the most literal segments if several do.
func (s *spec) template(path string) (string, bool) {
	segs := strings.Split(path, "/")
	best, bestLiterals := "", -1
	paths, _ := s.doc["paths"].(map[string]any)
	for tmpl := range paths {
		parts := strings.Split(tmpl, "/")
		if len(parts) != len(segs) {
			continue
		}
		literals, match := 0, true
		for i, p := range parts {
			switch {
			case strings.HasPrefix(p, "{"):
				match = match && segs[i] != ""
			case p == segs[i]:
				literals++
			default:
				match = false
			}
		}
		if match && literals > bestLiterals {
			best, bestLiterals = tmpl, literals
		}
	}
	return best, bestLiterals >= 0
}

func (s *spec) hit(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[op] = true
}

// check checks a response, and the request body the server accepted,
// against the document, and records the operation as exercised.
func (s *spec) check(t *testing.T, method, path string, reqBody []byte, res *response) {
	t.Helper()
	tmpl, _ := s.template(path)
	opPtr := "/paths/" + escape(tmpl) + "/" + strings.ToLower(method)
	if op, _ := s.object(opPtr); op == nil {
		// Not an operation: the mux's 404 or 405, as a problem.
		if res.status != http.StatusNotFound && res.status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: undocumented operation answered %d", method, path, res.status)
		}
		s.checkBody(t, "/components/schemas/Problem", "application/problem+json", res)
		return
	}
	s.hit(method + " " + tmpl)
	resp, ptr := s.object(opPtr + "/responses/" + strconv.Itoa(res.status))
	if resp == nil {
		t.Errorf("%s %s: status %d is not documented: %s", method, tmpl, res.status, res.body)
		return
	}
	s.checkHeaders(t, ptr, resp, res)
	s.checkContent(t, ptr, resp, res)
	if res.status < 300 && reqBody != nil {
		if err := s.validate(t, opPtr+"/requestBody/content/application~1json/schema", reqBody); err != nil {
			t.Errorf("%s %s: the server accepted a request the document does not allow: %v", method, tmpl, err)
		}
	}
}

// checkContent checks the response body against the documented content
// for its media type, or that there is none if none is documented.
func (s *spec) checkContent(t *testing.T, ptr string, resp map[string]any, res *response) {
	t.Helper()
	content, _ := resp["content"].(map[string]any)
	mt, _, _ := mime.ParseMediaType(res.header.Get("Content-Type"))
	switch {
	case content == nil && len(res.body) > 0:
		t.Errorf("%s: no content documented, got %q: %s", ptr, mt, res.body)
	case content == nil:
	case content[mt] == nil:
		t.Errorf("%s: media type %q is not documented", ptr, mt)
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		s.checkBody(t, ptr+"/content/"+escape(mt)+"/schema", mt, res)
	}
}

func (s *spec) checkBody(t *testing.T, ptr, mediaType string, res *response) {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(res.header.Get("Content-Type")); mt != mediaType {
		t.Errorf("%s: Content-Type %q, want %q", ptr, mt, mediaType)
	}
	if err := s.validate(t, ptr, res.body); err != nil {
		t.Errorf("%s: %v", ptr, err)
	}
}

// checkHeaders checks that the documented required headers are there and
// that each documented header's value matches its schema.
func (s *spec) checkHeaders(t *testing.T, ptr string, resp map[string]any, res *response) {
	t.Helper()
	headers, _ := resp["headers"].(map[string]any)
	for name := range headers {
		h, hptr := s.object(ptr + "/headers/" + escape(name))
		value := res.header.Get(name)
		if value == "" {
			if h["required"] == true {
				t.Errorf("%s: required header %s is missing", ptr, name)
			}
			continue
		}
		if err := s.validate(t, hptr+"/schema", []byte(strconv.Quote(value))); err != nil {
			t.Errorf("%s: header %s: %v", ptr, name, err)
		}
	}
}

// TestOpenAPIDocument checks the document's structure: the parts the
// schema checks in the other tests do not reach.
func TestOpenAPIDocument(t *testing.T) {
	s := loadSpec(t)
	if v, _ := s.doc["openapi"].(string); !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(v) {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	for _, key := range []string{"/info/title", "/info/version", "/components/securitySchemes/bearer"} {
		if _, ok := s.lookup(key); !ok {
			t.Errorf("%s is missing", key)
		}
	}
	ids := map[string]string{}
	for _, op := range s.operations() {
		method, path, _ := strings.Cut(op, " ")
		s.checkOperation(t, ids, strings.ToLower(method), path)
	}
	t.Run("every $ref resolves", func(t *testing.T) { s.checkRefs(t, "", s.doc) })
	t.Run("every component schema compiles", func(t *testing.T) {
		schemas, _ := s.lookup("/components/schemas")
		for name := range schemas.(map[string]any) {
			s.schema(t, "/components/schemas/"+escape(name))
		}
	})
}

// checkOperation checks one operation: a unique operationId, responses,
// 401 unless public, and every path parameter declared.
func (s *spec) checkOperation(t *testing.T, ids map[string]string, method, path string) {
	t.Helper()
	itemPtr := "/paths/" + escape(path)
	op, _ := s.object(itemPtr + "/" + method)
	name := strings.ToUpper(method) + " " + path
	id, _ := op["operationId"].(string)
	if id == "" {
		t.Errorf("%s: no operationId", name)
	} else if other, dup := ids[id]; dup {
		t.Errorf("%s: operationId %q is also used by %s", name, id, other)
	}
	ids[id] = name
	responses, _ := op["responses"].(map[string]any)
	if len(responses) == 0 {
		t.Errorf("%s: no responses", name)
	}
	security, hasSecurity := op["security"].([]any)
	if public := hasSecurity && len(security) == 0; !public && responses["401"] == nil {
		t.Errorf("%s: needs a token but documents no 401", name)
	}
	declared := map[string]bool{}
	for _, ptr := range []string{itemPtr + "/parameters", itemPtr + "/" + method + "/parameters"} {
		params, _ := s.lookup(ptr)
		list, _ := params.([]any)
		for i := range list {
			p, _ := s.object(ptr + "/" + strconv.Itoa(i))
			if p["in"] == "path" && p["required"] == true {
				declared[p["name"].(string)] = true
			}
		}
	}
	for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
		if !declared[m[1]] {
			t.Errorf("%s: path parameter %q is not declared as a required path parameter", name, m[1])
		}
	}
}

// checkRefs checks that every $ref in v points at something in the document.
func (s *spec) checkRefs(t *testing.T, at string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			if _, found := s.lookup(strings.TrimPrefix(ref, "#")); !strings.HasPrefix(ref, "#/") || !found {
				t.Errorf("%s: $ref %q does not resolve in the document", at, ref)
			}
		}
		for k, e := range v {
			s.checkRefs(t, at+"/"+escape(k), e)
		}
	case []any:
		for i, e := range v {
			s.checkRefs(t, at+"/"+strconv.Itoa(i), e)
		}
	}
}

// TestRoutesMatchDocument checks that the routes New registers are exactly
// the operations the document describes.
func TestRoutesMatchDocument(t *testing.T) {
	s := loadSpec(t)
	var routes []string
	for _, rt := range (&api{}).routes() {
		routes = append(routes, rt.method+" "+rt.path)
		security, ok := s.lookup("/paths/" + escape(rt.path) + "/" + strings.ToLower(rt.method) + "/security")
		if documented := ok && len(security.([]any)) == 0; documented != rt.public {
			t.Errorf("%s %s: public %v in the code, %v in the document", rt.method, rt.path, rt.public, documented)
		}
	}
	slices.Sort(routes)
	if ops := s.operations(); !slices.Equal(routes, ops) {
		t.Errorf("routes and document differ:\nroutes:   %v\ndocument: %v", routes, ops)
	}
}
