package httpapi

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/form"
)

// csvOp documents a CSV download.
func csvOp(o huma.Operation) huma.Operation {
	o.Responses = map[string]*huma.Response{"200": {Description: "The submissions as CSV (UTF-8, header row of field names)",
		Content: map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}},
		Headers: map[string]*huma.Param{"Content-Disposition": {Schema: &huma.Schema{Type: "string"}}}}}
	return o
}

type listFormsOut struct {
	Body struct {
		Items []form.Summary `json:"items"`
	}
}

func (s *server) listForms(ctx context.Context, in *siteIn) (*listFormsOut, error) {
	items, err := s.Forms.List(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listFormsOut{}
	out.Body.Items = items
	return out, nil
}

type putFormSettingsIn struct {
	Site string `path:"site" maxLength:"64"`
	Form string `path:"form" maxLength:"128" pattern:"^[A-Za-z0-9_-]+$"`
	Body struct {
		SuccessMessage string `json:"successMessage,omitempty" maxLength:"4000" doc:"Shown after a post (empty: the default thank-you message)"`
		RedirectURL    string `json:"redirectUrl,omitempty" maxLength:"2000" doc:"Send visitors here instead: a path of the site (/thanks/) or an http(s) URL"`
	}
}

type formSettingsOut struct{ Body form.Settings }

func (s *server) putFormSettings(ctx context.Context, in *putFormSettingsIn) (*formSettingsOut, error) {
	st, err := s.Forms.PutSettings(ctx, in.Site, in.Form, form.SettingsInput{SuccessMessage: in.Body.SuccessMessage, RedirectURL: in.Body.RedirectURL})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &formSettingsOut{Body: st}, nil
}

type listSubmissionsIn struct {
	Site        string `path:"site" maxLength:"64"`
	Form        string `path:"form" maxLength:"128" pattern:"^[A-Za-z0-9_-]+$"`
	Environment string `query:"environment" maxLength:"64" doc:"Only this environment's (slug or id)"`
	Cursor      string `query:"cursor" maxLength:"64" doc:"The last id of the previous page"`
	Limit       int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type listSubmissionsOut struct {
	CacheControl string `header:"Cache-Control"`
	Body         struct {
		Items      []form.Submission `json:"items"`
		NextCursor string            `json:"nextCursor"`
	}
}

func (s *server) listFormSubmissions(ctx context.Context, in *listSubmissionsIn) (*listSubmissionsOut, error) {
	items, err := s.Forms.Submissions(ctx, in.Site, in.Form, form.Filter{Environment: in.Environment, BeforeID: in.Cursor, Limit: in.Limit})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listSubmissionsOut{CacheControl: "private, no-store"}
	out.Body.Items = items
	if len(items) == in.Limit {
		out.Body.NextCursor = items[len(items)-1].ID
	}
	return out, nil
}

type exportSubmissionsIn struct {
	Site        string `path:"site" maxLength:"64"`
	Form        string `path:"form" maxLength:"128" pattern:"^[A-Za-z0-9_-]+$"`
	Environment string `query:"environment" maxLength:"64" doc:"Only this environment's (slug or id)"`
}

func (s *server) exportFormSubmissions(ctx context.Context, in *exportSubmissionsIn) (*exportOut, error) {
	b, err := s.Forms.Export(ctx, in.Site, in.Form, in.Environment)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &exportOut{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="` + in.Form + `-submissions.csv"`,
		CacheControl: "private, no-store", Body: b}, nil
}

type submissionIn struct {
	Site       string `path:"site" maxLength:"64"`
	Form       string `path:"form" maxLength:"128" pattern:"^[A-Za-z0-9_-]+$"`
	Submission string `path:"submission" maxLength:"64"`
}

func (s *server) deleteFormSubmission(ctx context.Context, in *submissionIn) (*struct{}, error) {
	if err := s.Forms.Delete(ctx, in.Site, in.Form, in.Submission); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
