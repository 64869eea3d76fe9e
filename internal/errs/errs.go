// Package errs defines the error kinds every layer speaks: domain services
// return them, stores translate driver errors into them, and the HTTP layer
// maps them to RFC 9457 problem responses with a stable dotted code.
package errs

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds, each mapped to one HTTP status by the API layer.
const (
	KindInternal             Kind = iota // a bug or an outage; the message is never shown
	KindInvalid                          // 422: the input breaks a rule
	KindNotFound                         // 404
	KindConflict                         // 409: unique constraint, state clash
	KindUnauthenticated                  // 401
	KindForbidden                        // 403
	KindPreconditionFailed               // 412: stale If-Match
	KindPreconditionRequired             // 428: missing If-Match
	KindRateLimited                      // 429
	KindTooLarge                         // 413
	KindBadRequest                       // 400: malformed
	KindGone                             // 410: a link that was used or expired
	KindBadGateway                       // 502: an outside server (SMTP, …) failed; the message says how
	KindUnsupportedMediaType             // 415: content of a type that is not accepted
)

// FieldError names one invalid field by its location, e.g. "body.slug".
type FieldError struct {
	Location string `json:"location"`
	Message  string `json:"message"`
	Value    any    `json:"value,omitempty"`
}

// Error is a domain error with a stable code (e.g. "page.not_found") and a
// message that is safe to show to the user.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	Err     error // the underlying cause, never shown
	// RetryAfter tells a throttled client when to try again.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap exposes the cause to errors.Is/As.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// NotFound reports a missing resource, e.g. NotFound("page").
func NotFound(resource string) *Error {
	return New(KindNotFound, resource+".not_found", "The "+resource+" does not exist or you cannot see it.")
}

// Conflict reports a clash with existing state.
func Conflict(code, message string) *Error { return New(KindConflict, code, message) }

// Forbidden reports a denied action.
func Forbidden(code, message string) *Error { return New(KindForbidden, code, message) }

// Invalid reports input that breaks a rule, with per-field details.
func Invalid(code, message string, fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Code: code, Message: message, Fields: fields}
}

// Field is a shorthand for a body field error.
func Field(name, message string, value any) FieldError {
	return FieldError{Location: "body." + name, Message: message, Value: value}
}

// Internal wraps an unexpected error; its details never reach the client.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Message: "Something went wrong on our side.", Err: err}
}

// KindOf returns the kind of err, KindInternal if it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// As returns err as an *Error, wrapping unknown errors as internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// Sentinel errors stores return for the service to translate with context.
var (
	ErrNoRows    = errors.New("no rows")
	ErrDuplicate = errors.New("duplicate key")
	ErrStale     = errors.New("stale revision")
)
