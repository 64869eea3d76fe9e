package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/token"
)

// renderCmd renders a page document with a design system (the built-in
// one unless --tokens names a DTCG file) to one self-contained HTML file.
func renderCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	tokens := fs.String("tokens", "", "design tokens (W3C DTCG JSON); the built-in set when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: pagewright render [--tokens tokens.json] page.json > page.html")
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
	html, err := preview.Page(d, sys)
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, html)
	return err
}
