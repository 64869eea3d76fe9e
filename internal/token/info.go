package token

// Info is a token as pickers and the design system screen show it: the
// CSS value it has in the base theme and in each theme where it differs.
// Editors offer these paths as "{path}" style values; the renderer turns
// them into var(CSSVar).
type Info struct {
	Path string
	// Type is the effective type ("" for an untyped literal).
	Type Type
	// Value is the resolved CSS value in the base (light) theme.
	Value string
	// CSSVar is the custom property, e.g. "--pw-color-text-default".
	CSSVar string
	// Themes maps a theme name to its CSS value, only for the themes where
	// it differs from Value.
	Themes      map[string]string
	Description string
}

// Infos lists the base set's tokens that the CSS export writes (those with
// a CSS form), in file order, resolved in every theme. Tokens only a theme
// defines are left out: they have no value in the base theme, and Lint
// already reports them. It fails like CSS when any theme does not resolve.
func (s *System) Infos() ([]Info, error) {
	themes, err := s.resolveAll()
	if err != nil {
		return nil, err
	}
	names := s.ThemeNames()
	base := themes[0]
	out := make([]Info, 0, base.Len())
	for _, t := range base.tokens {
		v, ok := cssLiteral(t.Type, t.Value)
		if !ok {
			continue
		}
		info := Info{Path: t.Path, Type: t.Type, Value: v, CSSVar: VarName(t.Path), Description: t.Description}
		for i, r := range themes[1:] {
			rt, ok := r.byPath[t.Path]
			if !ok {
				continue
			}
			tv, ok := cssLiteral(rt.Type, rt.Value)
			if !ok || tv == v {
				continue
			}
			if info.Themes == nil {
				info.Themes = map[string]string{}
			}
			info.Themes[names[i+1]] = tv
		}
		out = append(out, info)
	}
	return out, nil
}
