package httpapi

import (
	"context"
	"strconv"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

type auditIn struct {
	Actor        string    `query:"actor" maxLength:"64" doc:"User id"`
	Action       string    `query:"action" maxLength:"100" doc:"Exact action (page.update) or a prefix ending in a dot (page.)"`
	ResourceType string    `query:"resourceType" maxLength:"50"`
	ResourceID   string    `query:"resourceId" maxLength:"64"`
	From         time.Time `query:"from" doc:"RFC 3339; inclusive"`
	To           time.Time `query:"to" doc:"RFC 3339; exclusive"`
	Cursor       string    `query:"cursor" maxLength:"30"`
	Limit        int       `query:"limit" minimum:"1" maximum:"500" default:"100"`
}

// AuditItem is an audit entry as the API shows it.
type AuditItem struct {
	ID        string         `json:"id"`
	Seq       int64          `json:"seq"`
	Time      time.Time      `json:"time"`
	Actor     *actorRef      `json:"actor"`
	Action    string         `json:"action"`
	Resource  resourceRef    `json:"resource"`
	Changes   *audit.Changes `json:"changes"`
	Status    string         `json:"status"`
	Error     string         `json:"error,omitempty"`
	Severity  string         `json:"severity"`
	Category  string         `json:"category"`
	IP        string         `json:"ip"`
	UserAgent string         `json:"userAgent"`
	RequestID string         `json:"requestId"`
	Hash      string         `json:"hash"`
	PrevHash  string         `json:"prevHash"`
}

type actorRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type resourceRef struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *server) listAudit(ctx context.Context, in *auditIn) (*listOut[AuditItem], error) {
	f := audit.Filter{ActorID: in.Actor, Action: in.Action, ResourceType: in.ResourceType, ResourceID: in.ResourceID,
		From: in.From, To: in.To, Limit: in.Limit + 1}
	if in.Cursor != "" {
		n, err := strconv.ParseInt(in.Cursor, 10, 64)
		if err != nil || n <= 0 {
			return nil, fail(ctx, errs.Invalid("request.bad_cursor", "The cursor is not one this API returned.", errs.FieldError{Location: "query.cursor", Message: "invalid cursor"}))
		}
		f.BeforeSeq = n
	}
	entries, err := s.Audit.Query(ctx, f)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listOut[AuditItem]{}
	out.Body.Items = make([]AuditItem, 0, len(entries))
	for i, e := range entries {
		if i == in.Limit {
			out.Body.NextCursor = strconv.FormatInt(entries[i-1].Seq, 10)
			break
		}
		item := AuditItem{ID: e.ID, Seq: e.Seq, Time: e.Time, Action: e.Action, Resource: resourceRef{e.ResourceType, e.ResourceID, e.ResourceName},
			Changes: e.Changes, Status: e.Status, Error: e.Error, Severity: e.Severity, Category: e.Category, IP: e.IP,
			UserAgent: e.UserAgent, RequestID: e.RequestID, Hash: e.Hash, PrevHash: e.PrevHash}
		if e.ActorID != "" || e.ActorName != "" {
			item.Actor = &actorRef{e.ActorID, e.ActorName}
		}
		out.Body.Items = append(out.Body.Items, item)
	}
	return out, nil
}
