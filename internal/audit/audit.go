// Package audit defines the tamper-evident audit log: entries are appended in
// the same transaction as the change they describe, and each carries the
// SHA-256 of its predecessor so that any later edit or deletion breaks the
// chain (see Verify).
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/pagewright/pagewright/internal/access"
)

// Status of the audited operation.
const (
	StatusSuccess = "success"
	StatusFailure = "failure"
)

// Severity levels.
const (
	SeverityLow      = "low"
	SeverityMedium   = "medium"
	SeverityHigh     = "high"
	SeverityCritical = "critical"
)

// Categories.
const (
	CategorySecurity      = "security"
	CategoryData          = "data"
	CategoryConfiguration = "configuration"
	CategoryAccess        = "access"
)

// Changes summarises a change: the fields before and after.
type Changes struct {
	Before map[string]any `json:"before,omitempty"`
	After  map[string]any `json:"after,omitempty"`
}

// Entry is one audit record.
type Entry struct {
	Seq          int64     `json:"seq"`
	ID           string    `json:"id"`
	Time         time.Time `json:"time"`
	ActorID      string    `json:"actorId"`
	ActorName    string    `json:"actorName"`
	Action       string    `json:"action"`
	ResourceType string    `json:"resourceType"`
	ResourceID   string    `json:"resourceId"`
	ResourceName string    `json:"resourceName"`
	Changes      *Changes  `json:"changes,omitempty"`
	IP           string    `json:"ip"`
	UserAgent    string    `json:"userAgent"`
	RequestID    string    `json:"requestId"`
	Status       string    `json:"status"`
	Error        string    `json:"error,omitempty"`
	Severity     string    `json:"severity"`
	Category     string    `json:"category"`
	PrevHash     string    `json:"prevHash"`
	Hash         string    `json:"-"`
}

// Canonical is the byte form that is hashed. Field order is fixed by the
// struct and times are normalised to UTC microseconds, so the same entry
// read back from either database hashes the same.
func (e *Entry) Canonical() []byte {
	c := *e
	c.Time = c.Time.UTC().Truncate(time.Microsecond)
	c.Hash = ""
	b, _ := json.Marshal(c) // cannot fail: plain types only
	return b
}

// ComputeHash returns the hex SHA-256 of the entry's canonical form, which
// includes PrevHash and so binds the entry to the whole chain before it.
func (e *Entry) ComputeHash() string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// Meta is the request context every entry records.
type Meta struct {
	IP        string
	UserAgent string
	RequestID string
}

type metaKey struct{}

// WithMeta returns ctx carrying request metadata.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFrom returns the request metadata in ctx.
func MetaFrom(ctx context.Context) Meta {
	m, _ := ctx.Value(metaKey{}).(Meta)
	return m
}

// Filter selects entries for the audit log screen and export.
type Filter struct {
	ActorID      string
	Action       string // exact, or a prefix ending in "." such as "page."
	ResourceType string
	ResourceID   string
	From, To     time.Time
	BeforeSeq    int64 // cursor: only entries with seq < BeforeSeq
	Limit        int
}

// Problem describes the first break found by Verify.
type Problem struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

// Verify walks entries in ascending seq order and returns the first broken
// link, or nil when the chain is intact. prevHash is the hash before the
// first entry ("" from the start of the log).
func Verify(entries []Entry, prevSeq int64, prevHash string) *Problem {
	for _, e := range entries {
		switch {
		case e.Seq != prevSeq+1:
			return &Problem{Seq: e.Seq, Reason: "entries are missing before this one"}
		case e.PrevHash != prevHash:
			return &Problem{Seq: e.Seq, Reason: "the previous entry was changed or removed"}
		case e.ComputeHash() != e.Hash:
			return &Problem{Seq: e.Seq, Reason: "this entry was changed after it was written"}
		}
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return nil
}

// NewEntry starts a successful entry for ctx's actor and request.
func NewEntry(ctx context.Context, action, resType, resID, resName, category, severity string) Entry {
	meta := MetaFrom(ctx)
	e := Entry{Action: action, ResourceType: resType, ResourceID: resID, ResourceName: resName,
		IP: meta.IP, UserAgent: truncate(meta.UserAgent, 500), RequestID: meta.RequestID,
		Status: StatusSuccess, Category: category, Severity: severity}
	if a := access.ActorFrom(ctx); a.Authenticated() {
		e.ActorID, e.ActorName = a.UserID, a.Name
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Store reads the log.
type Store interface {
	QueryAudit(ctx context.Context, f Filter) ([]Entry, error)
}

// Authorizer is access.Authorizer, restated to keep this package's
// dependencies one-way.
type Authorizer = access.Authorizer

// Service answers audit log queries for those allowed to read them.
type Service struct {
	Store Store
	Auth  Authorizer
}

// Query returns entries matching f, newest first. Admins only.
func (s *Service) Query(ctx context.Context, f Filter) ([]Entry, error) {
	if err := s.Auth.Authorize(ctx, access.AuditView, access.Org(), ""); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Store.QueryAudit(ctx, f)
}
