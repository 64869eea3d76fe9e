package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/apptest"
)

// TestBuildAndRotateCommands builds a site into a folder with
// `pagewright build` and re-seals its secrets with `secrets rotate`.
func TestBuildAndRotateCommands(t *testing.T) {
	t.Setenv("PAGEWRIGHT_LOG_LEVEL", "error")
	t.Setenv("PAGEWRIGHT_SECRET_KEY", "")
	env := apptest.New(t)
	admin := env.Setup(t)
	var site struct{ ID, Slug string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	var pg struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &pg)
	path := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "PUT", path, json.RawMessage(`{"schemaVersion":1,"root":"root","meta":{"title":"Flu clinic","lang":"en"},
		"nodes":{"root":{"id":"root","type":"Page"},"h":{"id":"h","type":"Heading","parent":"root","pos":"a0","props":{"text":"Flu jabs","level":1}}}}`),
		"If-Match", etag).Want(t, 200)
	admin.Do(t, "PUT", "/api/v1/sites/"+site.ID+"/environments/production/secrets/API_KEY", map[string]string{"value": "s3cr3t"}).Want(t, 200)

	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := run(t, "", "build", "--data-dir", env.DataDir, "--site", site.Slug, "--out", out)
	if code != 0 || !strings.Contains(stdout, "built 1 pages") {
		t.Fatalf("build: exit %d\n%s\n%s", code, stdout, stderr)
	}
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !strings.Contains(string(html), "Flu jabs") {
		t.Fatalf("index.html: %v %.200s", err, html)
	}
	for _, f := range []string{"index.html.br", "index.html.gz", "robots.txt", "404.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	if code, _, stderr := run(t, "", "build", "--data-dir", env.DataDir, "--site", "nope", "--out", out); code == 0 || !strings.Contains(stderr, `no site "nope"`) {
		t.Fatalf("unknown site: exit %d %s", code, stderr)
	}

	newKey := strings.Repeat("k", 40)
	if code, stdout, stderr := run(t, "", "secrets", "rotate", "--data-dir", env.DataDir, "--new-key", newKey); code != 0 || !strings.Contains(stdout, "re-sealed 1 secrets") {
		t.Fatalf("rotate: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// The secrets open with the new key only: rotating again from the old
	// key (the data folder's) fails and changes nothing; from the new one
	// it works.
	if code, _, stderr := run(t, "", "secrets", "rotate", "--data-dir", env.DataDir, "--new-key", strings.Repeat("z", 40)); code == 0 || !strings.Contains(stderr, "nothing was changed") {
		t.Fatalf("rotate with the old key: exit %d %s", code, stderr)
	}
	t.Setenv("PAGEWRIGHT_SECRET_KEY", newKey)
	if code, stdout, stderr := run(t, "", "secrets", "rotate", "--data-dir", env.DataDir, "--new-key", strings.Repeat("z", 40)); code != 0 {
		t.Fatalf("rotate from the new key: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "", "secrets", "rotate", "--data-dir", env.DataDir, "--new-key", "short"); code == 0 || !strings.Contains(stderr, "at least 32") {
		t.Fatalf("short key: exit %d %s", code, stderr)
	}
}
