package internal_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/pagewright/pagewright/internal/"

// domains hold business rules. They stay free of transport and storage and
// of each other, so each can be read (and changed) on its own.
var domains = []string{"user", "site", "page", "doc", "token", "designsystem", "asset", "version", "environment", "deploy", "form", "symbol", "template"}

// kernel packages every domain may import.
var kernel = map[string]bool{"access": true, "audit": true, "errs": true, "slug": true}

// allowed are the few extra imports a domain may make: the design system
// is built on the token package's parser, resolver and exports, the
// asset library on imaging's content checks and resizing, and version
// history stores page documents (doc) and diffs and merges them with the
// docdiff library; environments check webhook URLs with netguard; forms
// are read from page documents (doc) with their component types' defaults
// (render/component), as the renderer reads them.
var allowed = map[string][]string{"designsystem": {"token"}, "asset": {"imaging"}, "version": {"doc", "docdiff"}, "environment": {"netguard"},
	"form": {"doc", "render/component"}, "symbol": {"doc", "render/component"}}

var forbiddenStd = []string{"net/http", "database/sql"}

func TestImportRules(t *testing.T) {
	for _, d := range append(domains, "access", "audit", "errs", "slug") {
		files, err := filepath.Glob(filepath.Join(d, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", d, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range af.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range forbiddenStd {
					if path == bad || strings.HasPrefix(path, bad+"/") {
						t.Errorf("%s imports %s: domain and kernel packages must not depend on transport or storage", f, path)
					}
				}
				if name, ok := strings.CutPrefix(path, module); ok && !kernel[name] && !slices.Contains(allowed[d], name) {
					t.Errorf("%s imports internal/%s: a domain may import only the kernel (access, audit, errs, slug); declare a small interface instead", f, name)
				}
				if name, ok := strings.CutPrefix(path, module); ok && kernel[d] && name != "access" {
					t.Errorf("%s imports internal/%s: kernel packages may import only access", f, name)
				}
			}
		}
	}
	if _, err := os.Stat("app"); err != nil {
		t.Fatal("run from the internal folder")
	}
}
