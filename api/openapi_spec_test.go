package api_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// loadSpec parses and validates openapi.yaml as OpenAPI 3.0 with
// kin-openapi (every $ref resolves, every schema is well-formed).
func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("openapi.yaml")
	if err != nil {
		t.Fatalf("openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not valid OpenAPI %s: %v", doc.OpenAPI, err)
	}
	return doc
}

var camelCase = regexp.MustCompile(`^[a-z][a-zA-Z0-9]+$`)

// Every operation is one a generated client can call: a unique camelCase
// operationId, a tag, a success answer with a schema (unless it has no
// body), the error answers of a route behind sign-in, and each error answer
// is the shared ErrorBody.
func TestOpenAPIOperationsComplete(t *testing.T) {
	doc := loadSpec(t)
	seen := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			switch {
			case !camelCase.MatchString(op.OperationID):
				t.Errorf("%s: operationId %q is not camelCase", where, op.OperationID)
			case seen[op.OperationID] != "":
				t.Errorf("%s: operationId %q also names %s", where, op.OperationID, seen[op.OperationID])
			}
			seen[op.OperationID] = where
			if len(op.Tags) != 1 {
				t.Errorf("%s: %d tags, want 1", where, len(op.Tags))
			}
			checkResponses(t, where, op, secured(doc, op))
		}
	}
}

// secured: the operation is behind a session sign-in (the metrics token is
// not one: without it /metrics is simply not there, 404).
func secured(doc *openapi3.T, op *openapi3.Operation) bool {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	for _, r := range reqs {
		if _, ok := r["session"]; ok {
			return true
		}
	}
	return false
}

func checkResponses(t *testing.T, where string, op *openapi3.Operation, secured bool) {
	t.Helper()
	success := false
	for status, ref := range op.Responses.Map() {
		r := ref.Value
		if status == "default" {
			t.Errorf("%s: a default answer hides undocumented statuses", where)
			continue
		}
		if status[0] == '2' {
			success = true
		}
		mt := r.Content.Get("application/json")
		switch {
		case status[0] >= '4' && (mt == nil || mt.Schema == nil || !strings.HasSuffix(mt.Schema.Ref, "/ErrorBody")):
			t.Errorf("%s %s: an error answer must be application/json ErrorBody", where, status)
		case status[0] == '2' && status != "204" && len(r.Content) == 0:
			t.Errorf("%s %s: a success answer with a body needs a schema", where, status)
		}
	}
	if !success && op.Responses.Value("303") == nil {
		t.Errorf("%s: no success answer", where)
	}
	if secured && (op.Responses.Value("401") == nil || op.Responses.Value("403") == nil) {
		t.Errorf("%s: behind sign-in, so 401 and 403 must be documented", where)
	}
	if op.RequestBody != nil && op.Responses.Value("400") == nil {
		t.Errorf("%s: takes a body, so 400 must be documented", where)
	}
}
