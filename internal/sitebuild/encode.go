package sitebuild

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	// klauspost's gzip writes the same format as the standard library's
	// at about 1.6 times the speed on pages.
	"github.com/klauspost/compress/gzip"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/parse/v2/buffer"
)

// effort says how hard to compress a file.
type effort int

const (
	// effortFast is for pages and the small generated files: there are
	// many of them, they change often, and compressed they mostly fit in
	// the first round trip of a connection (the initial congestion window
	// is about 14 KB), where a few hundred bytes more or less change
	// nothing a visitor notices. A file too big for that gets the strong
	// levels instead.
	effortFast effort = iota
	// effortBest is for the one site stylesheet: made once, shared by
	// every page and cached for ever, it is worth a strong brotli. Quality
	// 10 rather than 11: on the site stylesheet (30 KB) 11 saves some 130
	// bytes more (3.5%) and takes three times as long, which in a build is
	// a fixed 25 ms of one core.
	effortBest
)

// Compression levels (see effort).
const (
	brotliFast, gzipFast     = 1, 1
	brotliStrong, gzipStrong = 5, 6
	brotliBest, gzipBest     = 10, 9
	// fastLimit is the largest file compressed at the fast levels: at the
	// fast levels' ratio on pages (about 3.8:1) this much HTML still
	// compresses to less than a first round trip's worth.
	fastLimit = 48 << 10
)

// levels returns the brotli quality and gzip level for size bytes at
// effort e.
func (e effort) levels(size int) (br, gz int) {
	switch {
	case e == effortBest:
		return brotliBest, gzipBest
	case size > fastLimit:
		return brotliStrong, gzipStrong
	}
	return brotliFast, gzipFast
}

// minifier minifies the site CSS and component scripts. It is safe for
// concurrent use.
var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	m.AddFunc("text/javascript", js.Minify)
	return m
}()

// pageMinifier minifies pages. It knows no CSS or JavaScript, so it copies
// the contents of <style> and <script> as they are: the build writes them
// compact already (see compactCSS and minifiedScript), and minifying the
// same component script again on every page, or a page's few node rules
// through a CSS parser, cost more than the rest of the minifying.
var pageMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		// The validator, and readers of the source, expect <html lang>,
		// <head> and <body> where they were written.
		KeepDocumentTags: true,
		// Optional end tags and quotes may go: HTML5 defines where end
		// tags are implied and when a value needs no quotes.
		KeepEndTags: false,
		KeepQuotes:  false,
	})
	return m
}()

// scripts caches minified component scripts, which are few and the same
// on every page.
var scripts sync.Map // script → minified script

// minifiedScript is a component script minified, or as it is if the
// minifier refuses it.
func minifiedScript(s string) string {
	if m, ok := scripts.Load(s); ok {
		return m.(string)
	}
	var b bytes.Buffer
	out := s
	// escape-html keeps "</script" out of the output, as the HTML
	// minifier asks of scripts it minifies in a page.
	params := map[string]string{"escape-html": "1"}
	if err := minifier.MinifyMimetype([]byte("text/javascript"), &b, strings.NewReader(s), params); err == nil && b.Len() > 0 {
		out = b.String()
	}
	scripts.Store(s, out)
	return out
}

// compactCSS appends the renderer's node rules without their line breaks.
// The renderer writes them in one fixed, already minimal form
// (".c{p:v;p:v}" and "@media (min-width:Npx){…}") from values it has
// checked and trimmed, so this is all a CSS minifier would do to them.
func compactCSS(dst []byte, css string) []byte {
	for {
		i := strings.IndexAny(css, "\n@")
		if i < 0 {
			return append(dst, css...)
		}
		dst = append(dst, css[:i]...)
		if css[i] == '\n' {
			css = css[i+1:]
			continue
		}
		if rest, ok := strings.CutPrefix(css[i:], "@media ("); ok {
			dst = append(dst, "@media("...)
			css = rest
			continue
		}
		dst = append(dst, '@')
		css = css[i+1:]
	}
}

// encoder holds the reusable state of minifying and compressing files:
// the compressors' tables are large, and allocating them per page would
// cost more than the compression.
type encoder struct {
	buf    bytes.Buffer // minified output
	brBuf  bytes.Buffer
	gzBuf  bytes.Buffer
	br     [brotliBest + 1]resetWriter
	gz     [gzipBest + 1]*gzip.Writer
	cspBuf []byte
}

// resetWriter is a compressor that can start over on another writer.
type resetWriter interface {
	io.WriteCloser
	Reset(io.Writer)
}

// newBrotli returns a brotli compressor at quality q. The fast level
// uses the package's newer match finder, which on pages is a fifth
// faster than its quality 1 and compresses a little better; the higher
// levels keep the classic encoder, whose context modelling the new one
// lacks.
func newBrotli(w io.Writer, q int) resetWriter {
	if q == brotliFast {
		return brotli.NewWriterV2(w, q)
	}
	return brotli.NewWriterLevel(w, q)
}

var encoders = sync.Pool{New: func() any { return new(encoder) }}

func getEncoder() *encoder  { return encoders.Get().(*encoder) }
func putEncoder(e *encoder) { encoders.Put(e) }

// minify returns a fresh copy of data minified as mediaType.
func (e *encoder) minify(mediaType string, data []byte) ([]byte, error) {
	e.buf.Reset()
	m := minifier
	if mediaType == "text/html" {
		m = pageMinifier
	}
	// A reader with Bytes lets the minifier read data in place rather
	// than copy it.
	if err := m.Minify(mediaType, &e.buf, buffer.NewReader(data)); err != nil {
		return nil, err
	}
	return bytes.Clone(e.buf.Bytes()), nil
}

// compress returns fresh brotli and gzip copies of data.
func (e *encoder) compress(data []byte, eff effort) (br, gz []byte) {
	bq, gl := eff.levels(len(data))
	e.brBuf.Reset()
	if e.br[bq] == nil {
		e.br[bq] = newBrotli(&e.brBuf, bq)
	} else {
		e.br[bq].Reset(&e.brBuf)
	}
	_, _ = e.br[bq].Write(data) // writes to a bytes.Buffer do not fail
	_ = e.br[bq].Close()

	e.gzBuf.Reset()
	if e.gz[gl] == nil {
		e.gz[gl], _ = gzip.NewWriterLevel(&e.gzBuf, gl) // a valid level
	} else {
		e.gz[gl].Reset(&e.gzBuf)
	}
	_, _ = e.gz[gl].Write(data)
	_ = e.gz[gl].Close()
	return bytes.Clone(e.brBuf.Bytes()), bytes.Clone(e.gzBuf.Bytes())
}
