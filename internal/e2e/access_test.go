package e2e

import (
	"testing"

	"github.com/pagewright/pagewright/internal/access"
)

// TestPageGrantFromMembersScreen: an Admin gives a Viewer Editor rights on
// one page only, from "Manage access"; the Viewer can then save that page
// and no other.
func TestPageGrantFromMembersScreen(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site, flu, other struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &flu)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Opening hours"}).Want(t, 201).JSON(t, &other)
	priya := env.CreateUser(t, "Priya Viewer", access.RoleViewer)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", "correct horse battery staple")
	visit(ctx, env.URL+"/members")
	memberAction(ctx, "priya.viewer@riverside.example", "Manage access")
	waitText(ctx, "Add site or page access")
	click(ctx, `//*[@role='dialog']//button[@aria-label='Site']`)
	click(ctx, `//*[@role='option'][.//*[normalize-space()='Riverside Clinics']]`)
	waitGone(ctx, `[role="listbox"]`)
	click(ctx, `//*[@role='dialog']//button[@aria-label='Page']`)
	click(ctx, `//*[@role='option'][.//*[normalize-space()='Only “Flu clinic”']]`)
	waitGone(ctx, `[role="listbox"]`)
	shot(t, ctx, "page-grant-chosen")
	click(ctx, `//*[@role='dialog']//button[normalize-space()='Add']`)
	waitText(ctx, "is now an Editor on the page “Flu clinic”")
	shot(t, ctx, "page-grant-added")

	doc := map[string]any{"schemaVersion": 1, "root": "root", "nodes": map[string]any{"root": map[string]any{"id": "root", "type": "Page"}}}
	priya.Do(t, "PUT", "/api/v1/pages/"+flu.ID+"/document", doc, "If-Match", `"1"`).Want(t, 200)
	priya.Do(t, "PUT", "/api/v1/pages/"+other.ID+"/document", doc, "If-Match", `"1"`).Want(t, 403)
}
