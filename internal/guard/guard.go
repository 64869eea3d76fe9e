// Package guard implements access.Authorizer: it checks the context's actor
// and records every denial in the audit log.
package guard

import (
	"context"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

// Appender writes a standalone audit entry.
type Appender interface {
	Append(ctx context.Context, e audit.Entry) error
}

// Guard is the application's Authorizer.
type Guard struct{ Audit Appender }

// Authorize returns nil if the actor in ctx may do action on res. Denials
// are audited as failures with high severity.
func (g Guard) Authorize(ctx context.Context, action access.Action, res access.Resource, resName string) error {
	actor := access.ActorFrom(ctx)
	if !actor.Authenticated() {
		return errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	if access.Check(actor, action, res) {
		return nil
	}
	e := audit.NewEntry(ctx, string(action), string(res.Type), res.ID, resName, audit.CategoryAccess, audit.SeverityHigh)
	e.Status, e.Error = audit.StatusFailure, "permission denied"
	if err := g.Audit.Append(ctx, e); err != nil {
		return err
	}
	return errs.Forbidden("access.denied", "Your role does not allow this ("+string(action)+"). Ask an Admin for access.")
}
