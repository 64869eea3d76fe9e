package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

// TestDocumentOps covers the editor's autosave route: ops apply all or
// nothing, against the revision the editor read.
func TestDocumentOps(t *testing.T) {
	env := apptest.New(t)
	admin := env.Setup(t)
	var site struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Clinic"}).Want(t, 201).JSON(t, &site)
	var pg struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201).JSON(t, &pg)
	path := "/api/v1/pages/" + pg.ID + "/document"
	read := func() (string, string) {
		r := admin.Do(t, "GET", path, nil).Want(t, 200)
		return r.Header.Get("ETag"), string(r.Body)
	}
	etag, _ := read()
	post := func(etag, ops string) *apptest.Response {
		return admin.Do(t, "POST", path+"/ops", map[string]any{"ops": json.RawMessage(ops)}, "If-Match", etag)
	}

	good := `[{"op":"insert","node":{"id":"sec1","type":"Section","parent":"root","pos":"a0"}},` +
		`{"op":"insert","node":{"id":"h1","type":"Heading","parent":"sec1","pos":"a0","props":{"text":"Flu shots","level":1}}},` +
		`{"op":"set","node":"h1","path":"styles/md/color","value":"{color.text.strong}"},` +
		`{"op":"set","node":"h1","path":"label","value":"Main title"},` +
		`{"op":"set","path":"meta/title","value":"Flu clinic"}]`
	r := post(etag, good).Want(t, 200)
	next := r.Header.Get("ETag")
	if next == etag || next == "" {
		t.Fatalf("ETag after ops = %q (was %q)", next, etag)
	}
	_, body := read()
	for _, want := range []string{`"Flu shots"`, `"Main title"`, `"Flu clinic"`, `"{color.text.strong}"`} {
		if !strings.Contains(body, want) {
			t.Errorf("document lacks %s: %s", want, body)
		}
	}

	tests := []struct {
		name, etag, ops string
		status          int
		code            string
	}{
		{"stale revision", etag, `[{"op":"set","path":"meta/title","value":"x"}]`, 412, "document.stale"},
		{"no If-Match", "", `[{"op":"set","path":"meta/title","value":"x"}]`, 428, "document.if_match_required"},
		{"move into own subtree", next, `[{"op":"move","node":"sec1","parent":"h1","pos":"a0"}]`, 422, "document.op_invalid"},
		{"disallowed child", next, `[{"op":"insert","node":{"id":"x","type":"Text","parent":"h1","pos":"a0"}}]`, 422, "document.op_invalid"},
		{"unknown type", next, `[{"op":"insert","node":{"id":"x","type":"Marquee","parent":"sec1","pos":"a1"}}]`, 422, "document.op_invalid"},
		{"bad props, earlier op undone", next, `[{"op":"set","path":"meta/title","value":"half"},{"op":"set","node":"h1","path":"props/level","value":9}]`, 422, "document.invalid"},
		{"unsafe link", next, `[{"op":"insert","node":{"id":"b","type":"Button","parent":"sec1","pos":"a1","props":{"text":"Go","href":"javascript:alert(1)"}}}]`, 422, "document.invalid"},
		{"unknown token", next, `[{"op":"set","node":"h1","path":"styles/base/color","value":"{color.nope}"}]`, 422, "document.invalid"},
		{"empty list", next, `[]`, 422, "document.ops_invalid"},
		{"not a list", next, `{"op":"set"}`, 422, "document.ops_invalid"},
		{"unknown node", next, `[{"op":"delete","node":"nope"}]`, 422, "document.op_invalid"},
	}
	_, before := read()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *apptest.Response
			if tt.etag == "" {
				r = admin.Do(t, "POST", path+"/ops", map[string]any{"ops": json.RawMessage(tt.ops)})
			} else {
				r = post(tt.etag, tt.ops)
			}
			p := wantProblem(t, r, tt.status, tt.code)
			if p.Detail == "" {
				t.Errorf("problem without detail: %+v", p)
			}
			if _, after := read(); after != before {
				t.Errorf("a rejected op changed the document")
			}
		})
	}

	// A whole-document save checks token references against the site too.
	cur, body := read()
	bad := strings.Replace(body, `"{color.text.strong}"`, `"{color.nope}"`, 1)
	p := wantProblem(t, admin.Do(t, "PUT", path, json.RawMessage(bad), "If-Match", cur), 422, "document.invalid")
	if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "{color.nope}") {
		t.Errorf("unknown token on PUT: %+v", p)
	}

	// Rich text is sanitised on the way in.
	post(next, `[{"op":"insert","node":{"id":"t","type":"Text","parent":"sec1","pos":"a2","props":{"html":"<p onclick=\"x()\">Hi<script>alert(1)</script></p>"}}}]`).Want(t, 200)
	if _, body := read(); strings.Contains(body, "onclick") || strings.Contains(body, "<script") {
		t.Errorf("rich text not sanitised: %s", body)
	}

	// Viewers cannot edit.
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	etag, _ = read()
	wantProblem(t, viewer.Do(t, "POST", path+"/ops", map[string]any{"ops": json.RawMessage(`[{"op":"set","path":"meta/title","value":"x"}]`)}, "If-Match", etag), 403, "access.denied")
}
