// Package preview turns a page document and a design system into the HTML
// the editor canvas and the "preview" link show: the render package's
// output with the design tokens' CSS in front of it.
package preview

import (
	"strings"

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

// Options adjust a preview.
type Options struct {
	// Assets resolves "asset:<id>" image references; without it a page
	// that uses one does not render.
	Assets render.AssetResolver
	// Symbols resolves the page's component instances; without it a page
	// that has one does not render.
	Symbols render.SymbolResolver
}

// Page renders a whole page with its CSS inlined (tokens first), as a
// preview that needs no other file. Only the tokens the page needs are
// written: see TokensCSS.
func Page(d *doc.Document, sys *token.System) (string, error) {
	return PageWith(d, sys, Options{})
}

// PageWith is Page with options.
func PageWith(d *doc.Document, sys *token.System, o Options) (string, error) {
	res, err := render.Render(d, render.Options{Tokens: Refs{sys}, Breakpoints: Breakpoints(sys), InlineCSS: true, Assets: o.Assets, Symbols: o.Symbols,
		TokensCSSFor: func(paths []string, css string) (string, error) {
			b, err := TokensCSS(sys, paths, css)
			return string(b), err
		}})
	if err != nil {
		return "", err
	}
	return res.HTML, nil
}

// TokensCSS is the design system's CSS (custom properties, theme blocks
// included) cut down to what a page needs: the tokens its styles refer to
// (paths, as in render.Result.Tokens), the tokens its CSS uses through
// var(--pw-…) (the base and component CSS), and every token those alias,
// in any theme, so that themes still cascade through the aliases.
func TokensCSS(sys *token.System, paths []string, css string) ([]byte, error) {
	need, err := NeededTokens(sys, paths, css)
	if err != nil {
		return nil, err
	}
	return sys.CSSWith(token.CSSOptions{Include: func(p string) bool { return need[p] }})
}

// NeededTokens is the set of token paths TokensCSS keeps.
func NeededTokens(sys *token.System, paths []string, css string) (map[string]bool, error) {
	names := sys.ThemeNames()
	themes := make([]*token.Resolved, 0, len(names))
	byVar := map[string]string{}
	for _, name := range names {
		r, err := sys.Resolve(name)
		if err != nil {
			return nil, err
		}
		themes = append(themes, r)
		for _, t := range r.Tokens() {
			byVar[token.VarName(t.Path)] = t.Path
		}
	}
	need := map[string]bool{}
	var queue []string
	add := func(p string) {
		if !need[p] {
			need[p] = true
			queue = append(queue, p)
		}
	}
	for _, p := range paths {
		add(p)
	}
	for _, v := range cssVars(css) {
		if p, ok := byVar[v]; ok {
			add(p)
		}
	}
	for len(queue) > 0 {
		p := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, r := range themes {
			if t, ok := r.Get(p); ok {
				for _, ref := range t.Refs {
					add(ref)
				}
			}
		}
	}
	return need, nil
}

// cssVars returns the custom properties css reads with var(--pw-…).
func cssVars(css string) []string {
	var out []string
	for {
		i := strings.Index(css, "var(")
		if i < 0 {
			return out
		}
		css = strings.TrimLeft(css[i+len("var("):], " \t\n")
		j := 0
		for j < len(css) && (css[j] == '-' || css[j] == '_' || css[j] >= 'a' && css[j] <= 'z' || css[j] >= 'A' && css[j] <= 'Z' || css[j] >= '0' && css[j] <= '9' || css[j] >= 0x80) {
			j++
		}
		if strings.HasPrefix(css[:j], token.Prefix) {
			out = append(out, css[:j])
		}
		css = css[j:]
	}
}
