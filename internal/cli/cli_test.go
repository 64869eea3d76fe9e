package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PAGEWRIGHT_LOG_LEVEL", "error")
	t.Setenv("PAGEWRIGHT_PASSWORD", "")
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		out, err string
	}{
		{"version", "", []string{"version"}, 0, "pagewright dev", ""},
		{"unknown command", "", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"bad config names the field", "", []string{"migrate", "--data-dir", dir, "--addr", "nowhere"}, 1, "", "addr:"},
		{"migrate", "", []string{"migrate", "--data-dir", dir}, 0, "", "migrations applied"},
		{"first user sets up the instance", "correct horse battery staple\n",
			[]string{"user", "create", "--admin", "--data-dir", dir, "--email", "Maya@Riverside.example", "--name", "Maya", "--org", "Riverside"}, 0, "created Maya <maya@riverside.example> as admin", ""},
		{"weak password refused", "password1234\n",
			[]string{"user", "create", "--data-dir", dir, "--email", "sam@riverside.example", "--name", "Sam", "--role", "editor"}, 1, "", "password: This password is too common"},
		{"editor", "another long passphrase\n",
			[]string{"user", "create", "--data-dir", dir, "--email", "sam@riverside.example", "--name", "Sam", "--role", "editor"}, 0, "as editor", ""},
		{"duplicate email", "another long passphrase\n",
			[]string{"user", "create", "--data-dir", dir, "--email", "sam@riverside.example", "--name", "Sam", "--role", "editor"}, 1, "", "already exists"},
		{"unknown role", "another long passphrase\n",
			[]string{"user", "create", "--data-dir", dir, "--email", "x@riverside.example", "--name", "X", "--role", "owner"}, 1, "", "Role must be"},
		{"no password", "", []string{"user", "create", "--data-dir", dir, "--email", "y@riverside.example", "--name", "Y"}, 1, "", "no password"},
		{"audit verify", "", []string{"audit", "verify", "--data-dir", dir}, 0, "chain intact", ""},
		{"gc dry run", "", []string{"gc", "--data-dir", dir, "--dry-run"}, 0, "would delete 0 of 0 files", ""},
		{"gc", "", []string{"gc", "--data-dir", dir, "--grace", "1h"}, 0, "deleted 0 of 0 files", ""},
		{"gc negative grace", "", []string{"gc", "--data-dir", dir, "--grace", "-1h"}, 1, "", "must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout ~ %q, stderr ~ %q", code, tt.code, out, errs, tt.out, tt.err)
			}
		})
	}
}

func TestOpenAPICommand(t *testing.T) {
	code, out, _ := run(t, "", "openapi")
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || doc.OpenAPI != "3.1.0" || len(doc.Paths) < 10 {
		t.Fatalf("openapi: exit %d, %.200s", code, out)
	}
}

func TestRenderCommand(t *testing.T) {
	dir := t.TempDir()
	page := dir + "/page.json"
	tokens := dir + "/tokens.json"
	writeFile(t, page, `{"schemaVersion":1,"root":"root","meta":{"title":"Flu clinic","lang":"en"},"nodes":{`+
		`"root":{"id":"root","type":"Page","props":{}},`+
		`"h1":{"id":"h1","type":"Heading","parent":"root","pos":"a0","props":{"text":"Book your flu shot","level":1},"styles":{"base":{"color":"{color.brand}"}}}}}`)
	writeFile(t, tokens, `{"color":{"$type":"color","brand":{"$value":"#0d9488"}}}`)
	code, out, errs := run(t, "", "render", "--tokens", tokens, page)
	if code != 0 || !strings.Contains(out, "<!doctype html>") || !strings.Contains(out, "Book your flu shot") ||
		!strings.Contains(out, "--pw-color-brand:") || !strings.Contains(out, "var(--pw-color-brand)") {
		t.Fatalf("exit %d, stderr %s, out:\n%.800s", code, errs, out)
	}
	writeFile(t, tokens, `{"color":{"$type":"color","a":{"$value":"{color.b}"},"b":{"$value":"{color.a}"}}}`)
	if code, _, errs := run(t, "", "render", "--tokens", tokens, page); code == 0 || !strings.Contains(errs, "cycle") {
		t.Fatalf("token cycle: exit %d, %s", code, errs)
	}
	writeFile(t, page, `{"schemaVersion":1,"root":"x","nodes":{}}`)
	if code, _, errs := run(t, "", "render", page); code == 0 || !strings.Contains(errs, "root") {
		t.Fatalf("bad document: exit %d, %s", code, errs)
	}
}

func TestRenderCommandAssets(t *testing.T) {
	dir := t.TempDir()
	page, assets := dir+"/page.json", dir+"/assets.json"
	writeFile(t, page, `{"schemaVersion":1,"root":"root","meta":{"title":"Flu clinic","lang":"en"},"nodes":{`+
		`"root":{"id":"root","type":"Page","props":{}},`+
		`"img":{"id":"img","type":"Image","parent":"root","pos":"a0","props":{"src":"asset:nurse"}}}}`)
	writeFile(t, assets, `{"nurse":{"src":"/a/nurse.jpg","width":800,"height":600,"alt":"A nurse","variants":[{"url":"/a/nurse-400.jpg","width":400}]}}`)
	code, out, errs := run(t, "", "render", "--assets", assets, page)
	if code != 0 || !strings.Contains(out, `<img src="/a/nurse.jpg" alt="A nurse" width="800" height="600" srcset="/a/nurse-400.jpg 400w" sizes="100vw"`) {
		t.Fatalf("exit %d, stderr %s, out:\n%.2000s", code, errs, out)
	}
	if code, _, errs := run(t, "", "render", page); code == 0 || !strings.Contains(errs, "props.src") {
		t.Fatalf("no asset library: exit %d, %s", code, errs)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}
