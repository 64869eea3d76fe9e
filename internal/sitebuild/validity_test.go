package sitebuild_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/sitebuild"
)

// vnuJar is the Nu HTML Checker, installed with the web UI's dev
// dependencies.
const vnuJar = "web/node_modules/vnu-jar/build/dist/vnu.jar"

// repoRoot is the nearest folder above the working directory with a go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// skipOrFail skips the test, or fails it under CI=true, where every
// checker must run.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format+" (required under CI=true)", args...)
	}
	t.Skipf(format, args...)
}

// TestBuiltHTMLIsValid runs the Nu HTML Checker (the W3C validator) over
// every page of the small site and of a generated one, as the build
// serves them, minified: minifying must not cost the pages their
// validity (DESIGN.md §1.3).
func TestBuiltHTMLIsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a JVM")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		skipOrFail(t, "java not found: cannot run the Nu HTML Checker")
	}
	jar := filepath.Join(repoRoot(t), vnuJar)
	if _, err := os.Stat(jar); err != nil {
		skipOrFail(t, "%s not found (run npm ci in web/): %v", vnuJar, err)
	}
	dir := t.TempDir()
	var files []string
	write := func(site string, m *sitebuild.Manifest, objs sitebuild.Objects) {
		for _, p := range htmlPaths(m) {
			name := filepath.Join(dir, site+strings.NewReplacer("/", "_", ".", "_").Replace(p)+".html")
			if err := os.WriteFile(name, served(t, m, objs, p), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, name)
		}
	}
	in := smallInput()
	in.NoIndex = true
	m, _, objs := build(t, in)
	write("small", m, objs)
	gen := benchInput(benchSite(12, 3), benchAssets(3))
	m, _, objs = build(t, gen)
	write("generated", m, objs)

	args := append([]string{"-jar", jar, "--format", "json", "--errors-only", "--stdout"}, files...)
	cmd := exec.Command(java, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run the checker: %v\n%s", err, stderr.String())
	}
	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine, FirstColumn                int
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("checker output is not JSON (%v): %s\n%s", jerr, out, stderr.String())
	}
	var problems []string
	for _, m := range report.Messages {
		if m.Type == "info" {
			continue
		}
		problems = append(problems, fmt.Sprintf("%s:%d:%d: %s %s: %s\n\t%s", filepath.Base(m.URL), m.LastLine, m.FirstColumn, m.Type, m.SubType, m.Message, strings.TrimSpace(m.Extract)))
	}
	if len(problems) > 0 {
		t.Errorf("%d validation problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	if err != nil && len(problems) == 0 {
		t.Errorf("the checker failed without reporting a problem: %v\n%s", err, stderr.String())
	}
	t.Logf("checked %d files", len(files))
}
