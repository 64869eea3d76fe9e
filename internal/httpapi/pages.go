package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/page"
)

// listPagesIn spells out listIn's fields: huma skips unexported embedded
// structs, so embedding listIn would silently drop cursor and limit.
type listPagesIn struct {
	Site   string `path:"site" maxLength:"64"`
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor from the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (s *server) listPages(ctx context.Context, in *listPagesIn) (*listOut[page.Page], error) {
	after, err := listIn{Cursor: in.Cursor, Limit: in.Limit}.after()
	if err != nil {
		return nil, fail(ctx, err)
	}
	items, err := s.Pages.List(ctx, in.Site, after, in.Limit+1)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listOut[page.Page]{}
	out.Body.Items, out.Body.NextCursor = pageOf(items, in.Limit, func(p page.Page) string { return p.ID })
	return out, nil
}

type pageOut struct{ Body page.Page }

type createPageIn struct {
	Site string `path:"site" maxLength:"64"`
	Body struct {
		Title string  `json:"title" maxLength:"200" example:"Flu clinic"`
		Slug  *string `json:"slug,omitempty" maxLength:"100" example:"flu-clinic" doc:"Made from the title when absent"`
	}
}

func (s *server) createPage(ctx context.Context, in *createPageIn) (*pageOut, error) {
	p, err := s.Pages.Create(ctx, in.Site, page.Input{Title: &in.Body.Title, Slug: in.Body.Slug})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &pageOut{Body: p}, nil
}

type pageIn struct {
	Page string `path:"page" maxLength:"64"`
}

func (s *server) getPage(ctx context.Context, in *pageIn) (*pageOut, error) {
	p, err := s.Pages.Get(ctx, in.Page)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &pageOut{Body: p}, nil
}

type updatePageIn struct {
	Page string `path:"page" maxLength:"64"`
	Body struct {
		Title *string `json:"title,omitempty" maxLength:"200"`
		Slug  *string `json:"slug,omitempty" maxLength:"100"`
	}
}

func (s *server) updatePage(ctx context.Context, in *updatePageIn) (*pageOut, error) {
	p, err := s.Pages.Update(ctx, in.Page, page.Input{Title: in.Body.Title, Slug: in.Body.Slug})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &pageOut{Body: p}, nil
}

func (s *server) deletePage(ctx context.Context, in *pageIn) (*struct{}, error) {
	if err := s.Pages.Delete(ctx, in.Page); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

// documentOp describes the raw JSON document body, which the handlers pass
// through as bytes rather than decoding and re-encoding it.
func documentOp(o huma.Operation) huma.Operation {
	schema := &huma.Schema{Type: "object", Description: "A page document (schema v1): a flat map of nodes keyed by id.",
		Required: []string{"schemaVersion", "root", "nodes"},
		Properties: map[string]*huma.Schema{
			"schemaVersion": {Type: "integer"}, "root": {Type: "string"},
			"meta": {Type: "object"}, "nodes": {Type: "object"},
		}}
	content := map[string]*huma.MediaType{"application/json": {Schema: schema}}
	o.Responses = map[string]*huma.Response{"200": {Description: "The document", Content: content,
		Headers: map[string]*huma.Param{"ETag": {Schema: &huma.Schema{Type: "string"}}}}}
	if o.Method == http.MethodPut {
		o.RequestBody = &huma.RequestBody{Required: true, Content: content}
		o.MaxBodyBytes = doc.MaxBytes
		// doc.Validate checks the document; a second generic schema pass
		// cost a fifth of a save's CPU.
		o.SkipValidateBody = true
		o.Responses["200"].Description = "The new revision's ETag"
		o.Responses["200"].Content = map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Type: "object",
			Properties: map[string]*huma.Schema{"revision": {Type: "integer"}}}}}
	}
	return o
}

type documentOut struct {
	ETag          string `header:"ETag"`
	ContentLength string `header:"Content-Length"`
	CacheControl  string `header:"Cache-Control"`
	ContentType   string `header:"Content-Type"`
	Body          []byte
}

func etag(rev int64) string { return `"` + strconv.FormatInt(rev, 10) + `"` }

func (s *server) getDocument(ctx context.Context, in *pageIn) (*documentOut, error) {
	d, err := s.Pages.GetDocument(ctx, in.Page)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &documentOut{ETag: etag(d.Revision), ContentLength: strconv.Itoa(len(d.JSON)), CacheControl: "no-cache",
		ContentType: "application/json", Body: d.JSON}, nil
}

type putDocumentIn struct {
	Page        string `path:"page" maxLength:"64"`
	IfMatch     string `header:"If-Match" doc:"The ETag you read; required"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte
}

type putDocumentOut struct {
	ETag string `header:"ETag"`
	Body struct {
		Revision int64 `json:"revision"`
	}
}

func (s *server) putDocument(ctx context.Context, in *putDocumentIn) (*putDocumentOut, error) {
	rev, err := ifMatchRevision(ctx, in.IfMatch)
	if err != nil {
		return nil, err
	}
	if ct := strings.TrimSpace(strings.Split(in.ContentType, ";")[0]); ct != "application/json" {
		// 415, as when huma itself rejects a content type (errs has no such kind).
		return nil, &Problem{Status: http.StatusUnsupportedMediaType, Title: http.StatusText(http.StatusUnsupportedMediaType),
			Code: "request.unsupported_media_type", Detail: "Send the document as application/json.", RequestID: requestIDFrom(ctx)}
	}
	newRev, err := s.Pages.PutDocument(ctx, in.Page, in.RawBody, rev)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &putDocumentOut{ETag: etag(newRev)}
	out.Body.Revision = newRev
	return out, nil
}

type documentOpsIn struct {
	Page    string `path:"page" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The ETag you read; required"`
	Body    struct {
		Ops json.RawMessage `json:"ops" doc:"Edits, applied in order, all or none: {op:set,node,path,value}, {op:insert,node:{…}}, {op:delete,node}, {op:move,node,parent,pos}"`
	}
}

// documentOps is the editor's autosave: it sends the ops since the last
// save, so a save costs what changed rather than the whole page.
func (s *server) documentOps(ctx context.Context, in *documentOpsIn) (*putDocumentOut, error) {
	rev, err := ifMatchRevision(ctx, in.IfMatch)
	if err != nil {
		return nil, err
	}
	newRev, err := s.Pages.ApplyOps(ctx, in.Page, in.Body.Ops, rev)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &putDocumentOut{ETag: etag(newRev)}
	out.Body.Revision = newRev
	return out, nil
}

// ifMatchRevision reads the document revision a write is based on.
func ifMatchRevision(ctx context.Context, ifMatch string) (int64, error) {
	if ifMatch == "" {
		return 0, fail(ctx, &errs.Error{Kind: errs.KindPreconditionRequired, Code: "document.if_match_required",
			Message: "Send the document's ETag in an If-Match header so that a newer save is never overwritten."})
	}
	rev, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(ifMatch, "W/"), `"`), 10, 64)
	if err != nil {
		return 0, fail(ctx, &errs.Error{Kind: errs.KindPreconditionFailed, Code: "document.stale", Message: "The If-Match header does not match the document's ETag."})
	}
	return rev, nil
}

// opsOp allows a batch of ops as large as a whole document (a paste can
// insert a big subtree).
func opsOp(o huma.Operation) huma.Operation {
	o.MaxBodyBytes = doc.MaxBytes
	return o
}
