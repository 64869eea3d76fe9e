package access

import "testing"

func TestCheck(t *testing.T) {
	admin := &Actor{UserID: "a", Role: RoleAdmin}
	editor := &Actor{UserID: "e", Role: RoleEditor}
	viewer := &Actor{UserID: "v", Role: RoleViewer}
	siteEditor := &Actor{UserID: "se", Role: RoleViewer, Grants: []Grant{{ResSite, "s1", RoleEditor}}}
	siteAdmin := &Actor{UserID: "sa", Role: RoleViewer, Grants: []Grant{{ResSite, "s1", RoleAdmin}}}
	pageEditor := &Actor{UserID: "pe", Role: RoleViewer, Grants: []Grant{{ResPage, "p1", RoleEditor}}}
	tests := []struct {
		name   string
		actor  *Actor
		action Action
		res    Resource
		want   bool
	}{
		{"anonymous denied", nil, PageView, Page("p1", "s1"), false},
		{"empty actor denied", &Actor{}, PageView, Page("p1", "s1"), false},
		{"admin anything", admin, SiteDelete, Site("s1"), true},
		{"admin audit", admin, AuditView, Org(), true},
		{"editor edits page", editor, PageEdit, Page("p1", "s1"), true},
		{"editor creates page", editor, PageCreate, Site("s1"), true},
		{"editor cannot delete page", editor, PageDelete, Page("p1", "s1"), false},
		{"editor cannot create site", editor, SiteCreate, Org(), false},
		{"editor cannot read audit", editor, AuditView, Org(), false},
		{"editor views site", editor, SiteView, Site("s1"), true},
		{"viewer views page", viewer, PageView, Page("p1", "s1"), true},
		{"viewer cannot edit page", viewer, PageEdit, Page("p1", "s1"), false},
		{"viewer cannot create page", viewer, PageCreate, Site("s1"), false},
		{"viewer manages own tokens", viewer, TokenManage, Org(), true},
		{"site grant widens on site", siteEditor, PageEdit, Page("p9", "s1"), true},
		{"site grant not elsewhere", siteEditor, PageEdit, Page("p9", "s2"), false},
		{"site admin grant deletes pages", siteAdmin, PageDelete, Page("p9", "s1"), true},
		{"site admin grant no audit", siteAdmin, AuditView, Org(), false},
		{"site admin grant no site create", siteAdmin, SiteCreate, Org(), false},
		{"page grant on page", pageEditor, PageEdit, Page("p1", "s1"), true},
		{"page grant not sibling", pageEditor, PageEdit, Page("p2", "s1"), false},
		{"page grant not site", pageEditor, SiteEdit, Site("s1"), false},
		{"unknown role denied", &Actor{UserID: "x", Role: "owner"}, PageView, Page("p1", "s1"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.actor, tt.action, tt.res); got != tt.want {
				t.Fatalf("Check(%v) = %v, want %v", tt.action, got, tt.want)
			}
		})
	}
}

func TestRolesMatchRoadmap(t *testing.T) {
	if got := Permissions(RoleEditor); len(got) != 7 {
		t.Fatalf("editor permissions = %v", got)
	}
	if got := Permissions(RoleViewer); len(got) != 4 {
		t.Fatalf("viewer permissions = %v", got)
	}
}
