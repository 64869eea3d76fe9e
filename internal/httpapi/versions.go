package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/version"
)

// Version history: versions, diffs, restore, tags, branches and merges,
// and the per-site retention policy (see internal/version).

type listVersionsIn struct {
	Page   string `path:"page" maxLength:"64"`
	Kind   string `query:"kind" enum:"autosave,manual,publish,restore,merge" doc:"Only versions of this kind"`
	Branch string `query:"branch" maxLength:"50" doc:"Only versions of this branch (main: the page's own history)"`
	Tag    string `query:"tag" maxLength:"40" doc:"Only the version with this tag"`
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor from the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (s *server) listVersions(ctx context.Context, in *listVersionsIn) (*listOut[version.Version], error) {
	after, err := listIn{Cursor: in.Cursor, Limit: in.Limit}.after()
	if err != nil {
		return nil, fail(ctx, err)
	}
	var before int64
	if after != "" {
		if before, err = strconv.ParseInt(after, 10, 64); err != nil || before <= 0 {
			return nil, fail(ctx, errs.Invalid("request.bad_cursor", "The cursor is not one this API returned.",
				errs.FieldError{Location: "query.cursor", Message: "invalid cursor"}))
		}
	}
	items, err := s.Versions.List(ctx, in.Page, version.Filter{Kind: in.Kind, Branch: in.Branch, Tag: in.Tag, BeforeNumber: before, Limit: in.Limit + 1})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listOut[version.Version]{}
	out.Body.Items, out.Body.NextCursor = pageOf(items, in.Limit, func(v version.Version) string { return strconv.FormatInt(v.Number, 10) })
	return out, nil
}

type versionOut struct{ Body version.Version }

type createVersionIn struct {
	Page string `path:"page" maxLength:"64"`
	Body struct {
		Message string   `json:"message" maxLength:"4000" example:"Opening hours for the winter" doc:"Required: what this version is"`
		Tags    []string `json:"tags,omitempty" maxItems:"20" doc:"Tags to put on the version (unique per page)"`
	}
}

func (s *server) createVersion(ctx context.Context, in *createVersionIn) (*versionOut, error) {
	v, err := s.Versions.Create(ctx, in.Page, version.CreateInput{Message: in.Body.Message, Tags: in.Body.Tags})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &versionOut{Body: v}, nil
}

type versionIn struct {
	Version string `path:"version" maxLength:"64"`
}

type versionDocOut struct {
	Body struct {
		Version  version.Version `json:"version"`
		Document json.RawMessage `json:"document" doc:"The page document (schema v1) as it was in this version"`
	}
}

func (s *server) getVersion(ctx context.Context, in *versionIn) (*versionDocOut, error) {
	v, b, err := s.Versions.Get(ctx, in.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &versionDocOut{}
	out.Body.Version, out.Body.Document = v, b
	return out, nil
}

type restoreVersionIn struct {
	Version string `path:"version" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The page document's ETag you read; required"`
	Body    *struct {
		Page    string `json:"page,omitempty" maxLength:"64" doc:"The page you are restoring; when given it must be the version's page"`
		Message string `json:"message,omitempty" maxLength:"4000" doc:"Defaults to “Restored version N”"`
	}
}

type restoreVersionOut struct {
	ETag string `header:"ETag" doc:"The page document's new ETag"`
	Body version.RestoreResult
}

func (s *server) restoreVersion(ctx context.Context, in *restoreVersionIn) (*restoreVersionOut, error) {
	rev, err := ifMatchRevision(ctx, in.IfMatch)
	if err != nil {
		return nil, err
	}
	var pageID, message string
	if in.Body != nil {
		pageID, message = in.Body.Page, in.Body.Message
	}
	res, err := s.Versions.Restore(ctx, in.Version, pageID, rev, message)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &restoreVersionOut{ETag: etag(res.Revision), Body: res}, nil
}

type tagIn struct {
	Version string `path:"version" maxLength:"64"`
	Tag     string `path:"tag" maxLength:"200" doc:"1–40 letters, digits, dots, hyphens and underscores"`
	Move    bool   `query:"move" doc:"Move the tag here if another version of the page has it (otherwise that is a 409 tag.exists)"`
}

func (s *server) tagVersion(ctx context.Context, in *tagIn) (*versionOut, error) {
	v, err := s.Versions.Tag(ctx, in.Version, in.Tag, in.Move)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &versionOut{Body: v}, nil
}

type untagIn struct {
	Version string `path:"version" maxLength:"64"`
	Tag     string `path:"tag" maxLength:"200"`
}

func (s *server) untagVersion(ctx context.Context, in *untagIn) (*versionOut, error) {
	v, err := s.Versions.Untag(ctx, in.Version, in.Tag)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &versionOut{Body: v}, nil
}

type diffIn struct {
	Page string `path:"page" maxLength:"64"`
	From string `query:"from" required:"true" maxLength:"64" doc:"A version id of the page, or current"`
	To   string `query:"to" maxLength:"64" default:"current" doc:"A version id of the page, or current (the default)"`
}

type diffOut struct{ Body version.DiffResult }

func (s *server) diffVersions(ctx context.Context, in *diffIn) (*diffOut, error) {
	to := in.To
	if to == "" {
		to = version.Current
	}
	res, err := s.Versions.Diff(ctx, in.Page, in.From, to)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &diffOut{Body: res}, nil
}

type branchesOut struct {
	Body struct {
		Items []version.Branch `json:"items" doc:"main first, then the page's branches oldest first"`
	}
}

func (s *server) listBranches(ctx context.Context, in *pageIn) (*branchesOut, error) {
	items, err := s.Versions.Branches(ctx, in.Page)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &branchesOut{}
	out.Body.Items = items
	return out, nil
}

type createBranchIn struct {
	Page string `path:"page" maxLength:"64"`
	Body struct {
		Name        string `json:"name" maxLength:"200" example:"winter-hours" doc:"1–50 lowercase letters, digits and hyphens; unique per page"`
		FromVersion string `json:"fromVersion,omitempty" maxLength:"64" doc:"The version to start from; the page's current document when absent"`
	}
}

type branchOut struct{ Body version.Branch }

func (s *server) createBranch(ctx context.Context, in *createBranchIn) (*branchOut, error) {
	b, err := s.Versions.CreateBranch(ctx, in.Page, in.Body.Name, in.Body.FromVersion)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &branchOut{Body: b}, nil
}

type branchIn struct {
	Page   string `path:"page" maxLength:"64"`
	Branch string `path:"branch" maxLength:"200"`
}

// branchDocumentOp describes a branch document: the raw JSON document on
// read (ETag: the head version's number) and write.
func branchDocumentOp(o huma.Operation) huma.Operation {
	o = documentOp(o)
	o.Responses["200"].Headers["X-Version-Id"] = &huma.Param{Schema: &huma.Schema{Type: "string"}, Description: "The branch head version's id"}
	if o.Method == http.MethodPut {
		o.Responses["200"].Description = "The branch's new head version (or the unchanged head if the document is the same)"
		// No schema: huma fills in the Version the handler returns.
		o.Responses["200"].Content = map[string]*huma.MediaType{"application/json": {}}
	}
	return o
}

type branchDocumentOut struct {
	ETag          string `header:"ETag"`
	VersionID     string `header:"X-Version-Id"`
	ContentLength string `header:"Content-Length"`
	CacheControl  string `header:"Cache-Control"`
	ContentType   string `header:"Content-Type"`
	Body          []byte
}

func (s *server) getBranchDocument(ctx context.Context, in *branchIn) (*branchDocumentOut, error) {
	head, b, err := s.Versions.BranchDocument(ctx, in.Page, in.Branch)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &branchDocumentOut{ETag: etag(head.Number), VersionID: head.ID, ContentLength: strconv.Itoa(len(b)), CacheControl: "no-cache",
		ContentType: "application/json", Body: b}, nil
}

type putBranchDocumentIn struct {
	Page        string `path:"page" maxLength:"64"`
	Branch      string `path:"branch" maxLength:"200"`
	IfMatch     string `header:"If-Match" doc:"The ETag you read (the branch head version's number); required"`
	Message     string `query:"message" maxLength:"4000" doc:"With a message the new version is manual, otherwise an autosave; autosaves by the same author within the autosave interval fold into one version (the ETag still moves)"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte
}

type putBranchDocumentOut struct {
	ETag      string `header:"ETag"`
	VersionID string `header:"X-Version-Id"`
	Body      version.Version
}

func (s *server) putBranchDocument(ctx context.Context, in *putBranchDocumentIn) (*putBranchDocumentOut, error) {
	want, err := ifMatchRevision(ctx, in.IfMatch)
	if err != nil {
		return nil, err
	}
	if ct := strings.TrimSpace(strings.Split(in.ContentType, ";")[0]); ct != "application/json" {
		return nil, &Problem{Status: http.StatusUnsupportedMediaType, Title: http.StatusText(http.StatusUnsupportedMediaType),
			Code: "request.unsupported_media_type", Detail: "Send the document as application/json.", RequestID: requestIDFrom(ctx)}
	}
	v, err := s.Versions.PutBranchDocument(ctx, in.Page, in.Branch, in.RawBody, want, in.Message)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &putBranchDocumentOut{ETag: etag(v.Number), VersionID: v.ID, Body: v}, nil
}

type mergePreviewOut struct{ Body version.MergePreview }

func (s *server) mergePreview(ctx context.Context, in *branchIn) (*mergePreviewOut, error) {
	p, err := s.Versions.MergePreview(ctx, in.Page, in.Branch)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &mergePreviewOut{Body: p}, nil
}

type mergeBranchIn struct {
	Page    string `path:"page" maxLength:"64"`
	Branch  string `path:"branch" maxLength:"200"`
	IfMatch string `header:"If-Match" doc:"Optional: the page document's ETag you saw; a newer page document is then a 412"`
	Body    struct {
		IfMatch string            `json:"ifMatch" maxLength:"64" doc:"The newest main version's id you merged against (mainHeadId of the preview); empty only for a page without main versions"`
		Choices map[string]string `json:"choices,omitempty" doc:"Conflict id → ours (keep the page's side) or theirs (take the branch's)"`
		Message string            `json:"message,omitempty" maxLength:"4000" doc:"Defaults to “Merged branch <name>”"`
	}
}

type mergeBranchOut struct {
	ETag string `header:"ETag" doc:"The page document's new ETag"`
	Body version.MergeResult
}

func (s *server) mergeBranch(ctx context.Context, in *mergeBranchIn) (*mergeBranchOut, error) {
	mi := version.MergeInput{IfMatch: in.Body.IfMatch, Choices: in.Body.Choices, Message: in.Body.Message}
	if in.IfMatch != "" {
		rev, err := ifMatchRevision(ctx, in.IfMatch)
		if err != nil {
			return nil, err
		}
		mi.Revision = &rev
	}
	res, err := s.Versions.Merge(ctx, in.Page, in.Branch, mi)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &mergeBranchOut{ETag: etag(res.Revision), Body: res}, nil
}

type policyOut struct{ Body version.Policy }

func (s *server) getVersionPolicy(ctx context.Context, in *siteIn) (*policyOut, error) {
	p, err := s.Versions.Policy(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &policyOut{Body: p}, nil
}

type putPolicyIn struct {
	Site string `path:"site" maxLength:"64"`
	Body struct {
		ThinAfterDays int `json:"thinAfterDays" minimum:"0" maximum:"3650" example:"30" doc:"Thin autosaves older than this many days to one per day; 0 keeps them all"`
	}
}

func (s *server) putVersionPolicy(ctx context.Context, in *putPolicyIn) (*policyOut, error) {
	p, err := s.Versions.PutPolicy(ctx, in.Site, in.Body.ThinAfterDays)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &policyOut{Body: p}, nil
}
