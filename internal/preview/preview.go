// Package preview turns a page document and a design system into the HTML
// the editor canvas and the "preview" link show: the render package's
// output with the design tokens' CSS in front of it.
package preview

import (
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/token"
)

// Refs adapts a token system to the renderer: a path is a token reference
// only if the system defines it.
type Refs struct{ System *token.System }

// Ref returns the CSS variable for path.
func (r Refs) Ref(path string) (string, bool) {
	if r.System == nil || !r.System.ValidRef(path) {
		return "", false
	}
	return token.Ref(path), true
}

// Breakpoints returns the system's breakpoints for the renderer, or nil
// (the renderer's defaults) when it declares none.
func Breakpoints(s *token.System) map[string]int {
	if s == nil || len(s.Breakpoints) == 0 {
		return nil
	}
	out := make(map[string]int, len(s.Breakpoints))
	for _, b := range s.Breakpoints {
		out[b.Name] = b.MinWidth
	}
	return out
}

// Page renders a whole page with its CSS inlined (tokens first), as a
// preview that needs no other file.
func Page(d *doc.Document, sys *token.System) (string, error) {
	css, err := sys.CSS()
	if err != nil {
		return "", err
	}
	res, err := render.Render(d, render.Options{Tokens: Refs{sys}, Breakpoints: Breakpoints(sys), InlineCSS: true, TokensCSS: string(css)})
	if err != nil {
		return "", err
	}
	return res.HTML, nil
}
