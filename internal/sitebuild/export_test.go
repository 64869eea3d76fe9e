package sitebuild

import (
	"bytes"
	"context"

	"github.com/pagewright/pagewright/internal/doc"
)

// DecodeDocument is decodeDocument, for the tests of package sitebuild_test.
var DecodeDocument = decodeDocument

// NewSharedDecoder returns decodeDocument sharing one interner between
// calls, as a build's worker does.
func NewSharedDecoder() func([]byte) (*doc.Document, error) {
	in := newInterner()
	return func(b []byte) (*doc.Document, error) { return decodeDocumentWith(b, in) }
}

// PageBeforeMinify returns page i of in as the build has it just before
// minifying: the renderer's output with its links made relative and the
// build's additions to its head.
func PageBeforeMinify(in Input, i int) ([]byte, error) {
	b, err := newBuilder(in, &MemObjects{})
	if err != nil {
		return nil, err
	}
	if _, err := b.siteCSS(); err != nil {
		return nil, err
	}
	p := &in.Pages[i]
	d, err := parseDocument(p.Document, nil)
	if err != nil {
		return nil, err
	}
	w := newPageWorker(b)
	defer w.release()
	if _, _, _, err := w.render(context.Background(), d, b.pageTarget(p.Path, p.NoIndex), assetRefs(p.Document)); err != nil {
		return nil, err
	}
	return bytes.Clone(w.out), nil
}
