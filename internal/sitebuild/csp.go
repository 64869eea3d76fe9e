package sitebuild

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
)

// youTubeFrames is where the Video component's player comes from once a
// visitor presses play.
const youTubeFrames = "https://www.youtube-nocookie.com"

// csp is the Content-Security-Policy of a page: everything from the site
// itself, plus the page's own inline <style> and <script> elements by
// hash (as they are in final, the served bytes), the hosts of the images
// it shows from elsewhere, and YouTube's player when it has a video.
// Nothing else runs: no inline event handlers, no other scripts. The
// renderer writes no style="" attributes (component styles are classes),
// so style-src needs neither 'unsafe-inline' nor 'unsafe-hashes'.
// pre is the page before minifying, whose attributes are all quoted;
// video says whether the page has the Video component's script.
func (w *pageWorker) csp(final, pre []byte, video bool) string {
	styles := inlineHashes(final, "style")
	scripts := inlineHashes(final, "script")
	origins := imageOrigins(pre)
	buf := w.enc.cspBuf[:0]
	buf = append(buf, "default-src 'self'; img-src 'self' data:"...)
	for _, o := range origins {
		buf = append(buf, ' ')
		buf = append(buf, o...)
	}
	buf = append(buf, "; style-src 'self'"...)
	for _, h := range styles {
		buf = append(buf, ' ')
		buf = append(buf, h...)
	}
	buf = append(buf, "; script-src 'self'"...)
	for _, h := range scripts {
		buf = append(buf, ' ')
		buf = append(buf, h...)
	}
	if video {
		buf = append(buf, "; frame-src 'self' "+youTubeFrames...)
	}
	buf = append(buf, "; form-action 'self'; base-uri 'self'; frame-ancestors 'self'; object-src 'none'"...)
	w.enc.cspBuf = buf
	return string(buf)
}

// inlineHashes returns the CSP source expressions ('sha256-…') of the
// contents of every <tag> element in html, in order, without repeats.
func inlineHashes(html []byte, tag string) []string {
	var out []string
	open := []byte("<" + tag)
	closing := []byte("</" + tag)
	for {
		i := bytes.Index(html, open)
		if i < 0 {
			return out
		}
		html = html[i+len(open):]
		if len(html) == 0 || !(html[0] == '>' || html[0] == ' ' || html[0] == '\t' || html[0] == '\n' || html[0] == '/') {
			continue // another element whose name starts the same
		}
		gt := bytes.IndexByte(html, '>')
		if gt < 0 {
			return out
		}
		html = html[gt+1:]
		end := bytes.Index(html, closing)
		if end < 0 {
			end = len(html)
		}
		sum := sha256.Sum256(html[:end])
		h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
		html = html[end:]
	}
}

// imageOrigins returns the origins ("https://cdn.example.org") of the
// absolute image URLs in src and srcset attributes of html and in url()
// of its CSS, sorted.
func imageOrigins(html []byte) []string {
	var out []string
	add := func(u string) {
		u = strings.TrimSpace(u)
		var rest string
		switch {
		case hasPrefixFold(u, "https://"):
			rest = u[len("https://"):]
		case hasPrefixFold(u, "http://"):
			rest = u[len("http://"):]
		default:
			return
		}
		host := rest
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			host = rest[:i]
		}
		if host == "" || strings.ContainsAny(host, " ;,'\"\\") {
			return
		}
		o := strings.ToLower(u[:len(u)-len(rest)] + host)
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	// One pass for src="…" and srcset="…".
	for at := 0; ; {
		i := bytes.Index(html[at:], []byte(`src`))
		if i < 0 {
			break
		}
		i += at
		at = i + len("src")
		if i == 0 || html[i-1] != ' ' {
			continue
		}
		attr := html[at:]
		set := bytes.HasPrefix(attr, []byte(`set="`))
		switch {
		case set:
			attr = attr[len(`set="`):]
		case bytes.HasPrefix(attr, []byte(`="`)):
			attr = attr[len(`="`):]
		default:
			continue
		}
		end := bytes.IndexByte(attr, '"')
		if end < 0 {
			break
		}
		v := string(attr[:end])
		at = len(html) - len(attr) + end
		if !set {
			add(v)
			continue
		}
		for _, cand := range strings.Split(v, ",") {
			u, _, _ := strings.Cut(strings.TrimSpace(cand), " ")
			add(u)
		}
	}
	// Background images in the page's node rules, which are in its
	// <style>.
	var s []byte
	if i := bytes.Index(html, []byte("<style>")); i >= 0 {
		s = html[i:]
		if j := bytes.Index(s, []byte("</style>")); j >= 0 {
			s = s[:j]
		}
	}
	for {
		i := bytes.Index(s, []byte("url("))
		if i < 0 {
			break
		}
		s = s[i+len("url("):]
		end := bytes.IndexByte(s, ')')
		if end < 0 {
			break
		}
		add(strings.Trim(string(s[:end]), `"' `))
		s = s[end:]
	}
	slices.Sort(out)
	return out
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
