package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"github.com/pagewright/pagewright/internal/token"
)

// renderCmd renders a page document with a design system (the built-in
// one unless --tokens names a DTCG file) to one self-contained HTML file.
// Pages that use library images ("asset:<id>") need --assets: a JSON
// object from asset id to {"src", "width", "height", "alt", "variants":
// [{"url", "width"}]}.
func renderCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	tokens := fs.String("tokens", "", "design tokens (W3C DTCG JSON); the built-in set when empty")
	assetsFile := fs.String("assets", "", `the assets the page refers to as asset:<id> (JSON: {"<id>": {"src", "width", "height", "alt", "variants": [{"url", "width"}]}})`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: pagewright render [--tokens tokens.json] [--assets assets.json] page.json > page.html")
	}
	var opts preview.Options
	if *assetsFile != "" {
		lib, err := readAssets(*assetsFile)
		if err != nil {
			return err
		}
		opts.Assets = lib
	}
	raw, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	d, _, err := doc.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), describe(err))
	}
	sys := token.Default()
	if *tokens != "" {
		b, err := os.ReadFile(*tokens)
		if err != nil {
			return err
		}
		f, err := token.Parse(b)
		if err != nil {
			return fmt.Errorf("%s: %w", *tokens, err)
		}
		sys = &token.System{Tokens: f}
		if err := sys.Validate(); err != nil {
			return fmt.Errorf("%s: %w", *tokens, err)
		}
	}
	html, err := preview.PageWith(d, sys, opts)
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, html)
	return err
}

// assetFile is an asset library read from a JSON file.
type assetFile map[string]render.Asset

func (a assetFile) Asset(id string) (render.Asset, bool) {
	v, ok := a[id]
	return v, ok
}

func readAssets(path string) (assetFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw map[string]struct {
		Src      string `json:"src"`
		Width    int    `json:"width"`
		Height   int    `json:"height"`
		Alt      string `json:"alt"`
		Variants []struct {
			URL   string `json:"url"`
			Width int    `json:"width"`
		} `json:"variants"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	lib := make(assetFile, len(raw))
	for id, a := range raw {
		if _, ok := component.SafeImageURL(a.Src); !ok {
			return nil, fmt.Errorf("%s: asset %q: src must be an http(s) or relative URL", path, id)
		}
		v := render.Asset{Src: a.Src, Width: a.Width, Height: a.Height, Alt: a.Alt}
		for _, x := range a.Variants {
			v.Variants = append(v.Variants, render.AssetVariant{URL: x.URL, Width: x.Width})
		}
		lib[id] = v
	}
	return lib, nil
}
