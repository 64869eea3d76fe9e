// Package htmlcheck runs the Nu HTML Checker (the W3C validator, npm
// vnu-jar with the machine's Java) over HTML files from tests: published
// pages must have no validation errors (DESIGN.md §1.3).
package htmlcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vnuJar is the checker, installed with the web UI's dev dependencies.
const vnuJar = "web/node_modules/vnu-jar/build/dist/vnu.jar"

// RepoRoot is the nearest folder above the working directory with a go.mod.
func RepoRoot(t testing.TB) string {
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

// SkipOrFail skips the test, or fails it under CI=true, where every
// checker must run.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format+" (required under CI=true)", args...)
	}
	t.Skipf(format, args...)
}

// Available skips (or, under CI, fails) the test when Java or the jar is
// missing, and returns both.
func Available(t testing.TB) (java, jar string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		SkipOrFail(t, "java not found: cannot run the Nu HTML Checker")
	}
	jar = filepath.Join(RepoRoot(t), vnuJar)
	if _, err := os.Stat(jar); err != nil {
		SkipOrFail(t, "%s not found (run npm ci in web/): %v", vnuJar, err)
	}
	return java, jar
}

// Valid checks every file in one JVM and reports each error and warning
// with its file, line and column.
func Valid(t testing.TB, files []string) {
	t.Helper()
	java, jar := Available(t)
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
