package app

import (
	"context"
	"errors"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/render"
)

// symbolsFor loads the component versions refs name (and those inside
// them) for a render. The page that holds an instance was checked when it
// was saved, so the render reads the library without the reader's access
// checks: a page shows the same to everyone who may see the page.
func (a *App) symbolsFor(ctx context.Context, refs []string) (render.SymbolResolver, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	syms, err := render.LoadSymbols(refs, func(ref string) (*render.Symbol, error) {
		v, err := a.Components.Lookup(ctx, ref)
		if errs.Is(err, errs.KindNotFound) || errors.Is(err, errs.ErrNoRows) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		d, _, err := doc.Parse(v.Document)
		if err != nil {
			return nil, err
		}
		s := &render.Symbol{Ref: ref, Document: d}
		for _, e := range v.Exposed {
			s.Exposed = append(s.Exposed, render.ExposedProp{Key: e.Key, Node: e.Node, Prop: e.Prop, Label: e.Label, Type: e.Type})
		}
		return s, nil
	})
	if err != nil {
		return nil, err
	}
	return syms, nil
}
