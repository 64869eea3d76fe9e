package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/errs"
)

// Problem is an RFC 9457 problem document with Pagewright's stable code and
// the request id to quote when asking for help.
type Problem struct {
	Type      string              `json:"type,omitempty" doc:"A URI reference that identifies the problem type" example:"about:blank"`
	Title     string              `json:"title,omitempty" doc:"Short summary of the problem type" example:"Not Found"`
	Status    int                 `json:"status,omitempty" example:"404"`
	Detail    string              `json:"detail,omitempty" doc:"What went wrong, for people" example:"The page does not exist or you cannot see it."`
	Code      string              `json:"code" doc:"Stable machine-readable code" example:"page.not_found"`
	RequestID string              `json:"requestId,omitempty" doc:"Quote this when reporting a problem"`
	Errors    []*huma.ErrorDetail `json:"errors,omitempty" doc:"Per-field errors"`
}

func (p *Problem) Error() string  { return p.Code + ": " + p.Detail }
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send problems as application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" || ct == "" {
		return "application/problem+json"
	}
	return ct
}

// statusCodes are the codes used when huma itself rejects a request
// (validation, body size, content type) before any handler runs.
var statusCodes = map[int]string{
	400: "request.malformed", 401: "auth.unauthenticated", 403: "access.denied", 404: "route.not_found",
	405: "request.method_not_allowed", 406: "request.not_acceptable", 409: "request.conflict",
	412: "request.precondition_failed", 413: "request.too_large", 415: "request.unsupported_media_type",
	422: "request.invalid", 428: "request.precondition_required", 429: "request.rate_limited", 500: "internal",
}

func init() {
	huma.NewError = func(status int, msg string, details ...error) huma.StatusError {
		return newProblem(status, statusCodes[status], msg, details...)
	}
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, details ...error) huma.StatusError {
		p := newProblem(status, statusCodes[status], msg, details...)
		p.RequestID = requestIDFrom(ctx.Context())
		return p
	}
}

func newProblem(status int, code, msg string, details ...error) *Problem {
	if code == "" {
		code = "request.error"
	}
	p := &Problem{Status: status, Title: http.StatusText(status), Detail: msg, Code: code}
	for _, d := range details {
		if d == nil {
			continue
		}
		if ed, ok := d.(*huma.ErrorDetail); ok {
			p.Errors = append(p.Errors, ed)
		} else {
			p.Errors = append(p.Errors, &huma.ErrorDetail{Message: d.Error()})
		}
	}
	if status == http.StatusUnprocessableEntity && len(p.Errors) > 0 && strings.Contains(msg, "validation failed") {
		p.Detail = "Some fields need attention: " + p.Errors[0].Location + " " + p.Errors[0].Message + "."
	}
	return p
}

var kindStatus = map[errs.Kind]int{
	errs.KindInvalid: 422, errs.KindNotFound: 404, errs.KindConflict: 409, errs.KindUnauthenticated: 401,
	errs.KindForbidden: 403, errs.KindPreconditionFailed: 412, errs.KindPreconditionRequired: 428,
	errs.KindRateLimited: 429, errs.KindTooLarge: 413, errs.KindBadRequest: 400, errs.KindInternal: 500,
	errs.KindBadGateway: 502, errs.KindGone: 410, errs.KindUnsupportedMediaType: 415,
}

// fail turns a service error into a problem. Internal errors are logged
// with the request id and answered without any detail.
func fail(ctx context.Context, err error) error {
	e := errs.As(err)
	p := &Problem{Status: kindStatus[e.Kind], Code: e.Code, Detail: e.Message, RequestID: requestIDFrom(ctx)}
	p.Title = http.StatusText(p.Status)
	for _, f := range e.Fields {
		p.Errors = append(p.Errors, &huma.ErrorDetail{Location: f.Location, Message: f.Message, Value: f.Value})
	}
	if e.Kind == errs.KindInternal {
		slog.ErrorContext(ctx, "internal error", "err", err, "request_id", p.RequestID)
	}
	if e.RetryAfter > 0 {
		secs := int(e.RetryAfter.Seconds() + 0.999)
		return huma.ErrorWithHeaders(p, http.Header{"Retry-After": {strconv.Itoa(secs)}})
	}
	return p
}

// writeProblem answers outside huma (middleware) with a problem document.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	p := &Problem{Status: status, Title: http.StatusText(status), Code: code, Detail: detail, RequestID: requestIDFrom(r.Context())}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = jsonEncode(w, p)
}
