package render_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// voidElements never have end tags.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// svgElements we emit self-closed.
var svgSelfClosing = map[string]bool{"path": true, "circle": true, "rect": true}

// checkHTML checks rendered markup: tags balanced and properly nested, no
// duplicate ids, every <img> with an alt attribute, every form control
// labelled, every id reference (for, aria-*) resolving, no inline event
// handlers and no javascript: URLs.
func checkHTML(src string) error {
	// 1. Balanced tags, with the tokenizer.
	z := html.NewTokenizer(strings.NewReader(src))
	var stack []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if !errors.Is(z.Err(), io.EOF) {
				return z.Err()
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken:
			if !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.SelfClosingTagToken:
			if !voidElements[tok.Data] && !svgSelfClosing[tok.Data] {
				return fmt.Errorf("self-closed <%s/>", tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				return fmt.Errorf("</%s> does not close the open element (open: %v)", tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed elements %v", stack)
	}

	// 2. The parsed tree.
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return err
	}
	ids := map[string]bool{}
	labelFor := map[string]bool{}
	var refs []string
	var controls []*html.Node
	var problems []string
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					if ids[a.Val] {
						problems = append(problems, "duplicate id "+a.Val)
					}
					ids[a.Val] = true
				case a.Key == "for" && n.DataAtom == atom.Label:
					labelFor[a.Val] = true
					refs = append(refs, a.Val)
				case a.Key == "aria-labelledby" || a.Key == "aria-describedby" || a.Key == "aria-controls":
					refs = append(refs, strings.Fields(a.Val)...)
				case strings.HasPrefix(a.Key, "on"):
					problems = append(problems, "event handler attribute "+a.Key)
				case (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
					problems = append(problems, "javascript: URL in "+a.Key)
				}
			}
			switch n.DataAtom {
			case atom.Img:
				if !hasAttr(n, "alt") {
					problems = append(problems, "<img> without alt")
				}
			case atom.Input:
				switch attr(n, "type") {
				case "hidden", "submit", "button", "reset", "image":
				default:
					controls = append(controls, n)
				}
			case atom.Select, atom.Textarea:
				controls = append(controls, n)
			case atom.Label:
				inLabel = true
			}
			if inLabel && (n.DataAtom == atom.Input || n.DataAtom == atom.Select || n.DataAtom == atom.Textarea) {
				n.Attr = append(n.Attr, html.Attribute{Key: "data-test-wrapped"})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(root, false)
	for _, c := range controls {
		if hasAttr(c, "data-test-wrapped") || hasAttr(c, "aria-label") || hasAttr(c, "aria-labelledby") || labelFor[attr(c, "id")] && attr(c, "id") != "" {
			continue
		}
		problems = append(problems, fmt.Sprintf("<%s name=%q> has no label", c.Data, attr(c, "name")))
	}
	for _, r := range refs {
		if !ids[r] {
			problems = append(problems, "reference to missing id "+r)
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
