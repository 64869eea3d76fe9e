package token

import (
	_ "embed"
	"sync"
)

// The default design system, shipped so a new organisation starts with a
// complete, accessible set. It is plain DTCG JSON: edit the files, run the
// tests (TestDefaultsPassAA checks every semantic pair in every theme).
var (
	//go:embed defaults.tokens.json
	defaultBase []byte
	//go:embed defaults.dark.tokens.json
	defaultDark []byte
	//go:embed defaults.high-contrast.tokens.json
	defaultHighContrast []byte
)

// defaultFiles parses the embedded files once; Files are immutable, so
// every Default() shares them.
var defaultFiles = sync.OnceValue(func() map[string]*File {
	return map[string]*File{
		"":                MustParse(defaultBase),
		ThemeDark:         MustParse(defaultDark),
		ThemeHighContrast: MustParse(defaultHighContrast),
	}
})

// Default returns Pagewright's default design system: teal, slate, red,
// amber, green and blue scales (50–950); semantic colours for text,
// backgrounds, borders, primary actions, links, status and focus; system
// font stacks on a 1.2 modular type scale; a 4px spacing grid; radii,
// shadows, durations and easings; sm/md/lg/xl breakpoints; a few component
// tokens (button, input, card, alert); and dark and high-contrast themes
// over the semantic tier. Every semantic text/background pair passes WCAG
// AA in every theme (AAA in high-contrast). The caller owns the returned
// System and may change its fields; the Files are shared and immutable.
func Default() *System {
	f := defaultFiles()
	return &System{
		Tokens:      f[""],
		Themes:      map[string]*File{ThemeDark: f[ThemeDark], ThemeHighContrast: f[ThemeHighContrast]},
		Breakpoints: BreakpointsFrom(f[""]),
	}
}

// DefaultJSON returns the embedded DTCG source of the default set (theme
// "") or of one of its themes, to seed a new design system as editable
// JSON. It returns nil for other themes.
func DefaultJSON(theme string) []byte {
	var b []byte
	switch theme {
	case "", DefaultTheme:
		b = defaultBase
	case ThemeDark:
		b = defaultDark
	case ThemeHighContrast:
		b = defaultHighContrast
	default:
		return nil
	}
	return append([]byte(nil), b...)
}
