package storetest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/user"
)

// ---------------------------------------------------------------------------
// Members, invitations and single-use links.

// RunMembers tests the member management part of sqlstore.Users
// (user.Store): roles, statuses, removal, grants, passwords, invitations
// and one-time tokens.
func RunMembers(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "ListMembersFilters", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed Itor", access.RoleEditor)
			pat := f.addUser(t, "pat@clinic.example", "Pat Viewer", access.RoleViewer)
			gone := f.addUser(t, "gone@riverside.example", "Gone Member", access.RoleEditor)
			f.mutates(t, entry("member.deactivate", "user", pat.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, pat.ID, user.StatusDeactivated, e)
			})
			f.mutates(t, entry("member.remove", "user", gone.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, gone.ID, e) })

			cases := []struct {
				name string
				f    user.MemberFilter
				want []string
			}{
				// By name, case-insensitively; removed members never.
				{"All", user.MemberFilter{}, []string{ed.ID, f.admin.ID, pat.ID}},
				{"NameLower", user.MemberFilter{Q: "itor"}, []string{ed.ID}},
				{"NameOtherCase", user.MemberFilter{Q: "ITOR"}, []string{ed.ID}},
				{"NameMixedCase", user.MemberFilter{Q: "mAyA"}, []string{f.admin.ID}},
				{"Email", user.MemberFilter{Q: "clinic.example"}, []string{pat.ID}},
				{"EmailOtherCase", user.MemberFilter{Q: "PAT@Clinic"}, []string{pat.ID}},
				{"EmailOrName", user.MemberFilter{Q: "riverside"}, []string{ed.ID, f.admin.ID}},
				{"RemovedNotFoundByName", user.MemberFilter{Q: "gone"}, nil},
				{"NoMatch", user.MemberFilter{Q: "nobody"}, nil},
				{"Role", user.MemberFilter{Role: string(access.RoleEditor)}, []string{ed.ID}},
				{"RoleAdmin", user.MemberFilter{Role: string(access.RoleAdmin)}, []string{f.admin.ID}},
				{"StatusActive", user.MemberFilter{Status: user.StatusActive}, []string{ed.ID, f.admin.ID}},
				{"StatusDeactivated", user.MemberFilter{Status: user.StatusDeactivated}, []string{pat.ID}},
				{"StatusRemoved", user.MemberFilter{Status: user.StatusRemoved}, nil},
				{"Combined", user.MemberFilter{Q: "riverside", Role: string(access.RoleAdmin), Status: user.StatusActive}, []string{f.admin.ID}},
				{"CombinedNoMatch", user.MemberFilter{Q: "pat", Status: user.StatusActive}, nil},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					ms, err := f.users.ListMembers(f.ctx, c.f)
					noErr(t, "list members", err)
					if ms == nil {
						t.Fatal("list is nil, want an empty non-nil slice")
					}
					got := ids(ms, func(m user.Member) string { return m.ID })
					if len(got) == 0 {
						got = nil
					}
					same(t, "members by name", got, c.want)
				})
			}
			m := f.member(t, ed.ID)
			same(t, "listed user", utcUser(m.User), ed)
		}},
		{name: "ListMembersGrantsCarryNames", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed Itor", access.RoleViewer)
			pat := f.addUser(t, "pat@riverside.example", "Pat", access.RoleViewer)
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			gone := newID() // a site deleted since, or never there
			for _, g := range []access.Grant{
				{ResourceType: access.ResSite, ResourceID: s.ID, Role: access.RoleEditor},
				{ResourceType: access.ResPage, ResourceID: p.ID, Role: access.RoleViewer},
				{ResourceType: access.ResSite, ResourceID: gone, Role: access.RoleAdmin},
			} {
				f.mutates(t, entry("grant.put", string(g.ResourceType), g.ResourceID), func(e audit.Entry) error { return f.users.PutGrant(f.ctx, ed.ID, g, e) })
			}
			want := []user.GrantView{
				{ResourceType: access.ResPage, ResourceID: p.ID, ResourceName: p.Title, Role: access.RoleViewer},
				{ResourceType: access.ResSite, ResourceID: s.ID, ResourceName: s.Name, Role: access.RoleEditor},
				{ResourceType: access.ResSite, ResourceID: gone, ResourceName: "", Role: access.RoleAdmin},
			}
			got := f.member(t, ed.ID).Grants
			sortGrantViews(got)
			sortGrantViews(want)
			same(t, "grants", got, want)
			for _, id := range []string{pat.ID, f.admin.ID} {
				if gs := f.member(t, id).Grants; gs == nil || len(gs) != 0 {
					t.Fatalf("member without grants lists %#v, want an empty non-nil slice", gs)
				}
			}
		}},
		{name: "SetRoleKeepsAnActiveAdmin", run: func(t *testing.T, f *fixture) {
			f.fails(t, user.ErrLastAdmin, entry("member.role_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, f.admin.ID, access.RoleEditor, e)
			})
			f.wantRole(t, f.admin.ID, access.RoleAdmin)

			// A deactivated Admin does not count.
			idle := f.addUser(t, "idle@riverside.example", "Idle Admin", access.RoleAdmin)
			f.mutates(t, entry("member.deactivate", "user", idle.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, idle.ID, user.StatusDeactivated, e)
			})
			f.fails(t, user.ErrLastAdmin, entry("member.role_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, f.admin.ID, access.RoleViewer, e)
			})
			f.wantRole(t, f.admin.ID, access.RoleAdmin)

			// Keeping the Admin role needs no other Admin.
			f.mutates(t, entry("member.role_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, f.admin.ID, access.RoleAdmin, e)
			})

			second := f.addUser(t, "second@riverside.example", "Second Admin", access.RoleAdmin)
			f.mutates(t, entry("member.role_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, f.admin.ID, access.RoleEditor, e)
			})
			f.wantRole(t, f.admin.ID, access.RoleEditor)
			f.fails(t, user.ErrLastAdmin, entry("member.role_change", "user", second.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, second.ID, access.RoleViewer, e)
			})
			f.wantRole(t, second.ID, access.RoleAdmin)
			// Non-Admins change freely while an Admin remains.
			f.mutates(t, entry("member.role_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, f.admin.ID, access.RoleViewer, e)
			})
			f.wantRole(t, f.admin.ID, access.RoleViewer)

			f.fails(t, errs.ErrNoRows, entry("member.role_change", "user", "missing"), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, newID(), access.RoleViewer, e)
			})
		}},
		{name: "SetStatusEndsAccessAtOnce", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			s1, s2 := f.addSession(t, ed.ID), f.addSession(t, ed.ID)
			k1, k2 := f.addToken(t, ed.ID), f.addToken(t, ed.ID)
			adminTok := f.addToken(t, f.admin.ID)

			// If the audit entry cannot be written, nothing happens.
			restore := FailAuditAppends(t, f.db)
			if err := f.users.SetStatus(f.ctx, ed.ID, user.StatusDeactivated, entry("member.deactivate", "user", ed.ID)); err == nil {
				t.Fatal("deactivated without an audit entry")
			}
			restore()
			f.wantStatus(t, ed.ID, user.StatusActive)
			f.wantSessions(t, ed.ID, s1.IDHash, s2.IDHash)
			f.wantLiveTokens(t, ed.ID, k1.ID, k2.ID)

			f.mutates(t, entry("member.deactivate", "user", ed.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, ed.ID, user.StatusDeactivated, e)
			})
			f.wantStatus(t, ed.ID, user.StatusDeactivated)
			f.wantSessions(t, ed.ID)
			f.wantLiveTokens(t, ed.ID)
			for _, k := range []user.Token{k1, k2} {
				got, err := f.users.TokenByHash(f.ctx, k.Hash)
				noErr(t, "token by hash", err)
				if got.RevokedAt == nil {
					t.Fatalf("token %s of a deactivated member is not revoked", k.Name)
				}
			}
			// Nobody else's.
			f.wantSessions(t, f.admin.ID, f.sess.IDHash)
			f.wantLiveTokens(t, f.admin.ID, adminTok.ID)

			f.mutates(t, entry("member.activate", "user", ed.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, ed.ID, user.StatusActive, e)
			})
			f.wantStatus(t, ed.ID, user.StatusActive)
			f.wantLiveTokens(t, ed.ID) // revoked tokens stay revoked

			f.fails(t, user.ErrLastAdmin, entry("member.deactivate", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, f.admin.ID, user.StatusDeactivated, e)
			})
			f.wantStatus(t, f.admin.ID, user.StatusActive)
			f.wantSessions(t, f.admin.ID, f.sess.IDHash)
			f.wantLiveTokens(t, f.admin.ID, adminTok.ID)

			second := f.addUser(t, "second@riverside.example", "Second Admin", access.RoleAdmin)
			f.mutates(t, entry("member.deactivate", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, f.admin.ID, user.StatusDeactivated, e)
			})
			f.wantSessions(t, f.admin.ID)
			f.fails(t, user.ErrLastAdmin, entry("member.deactivate", "user", second.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, second.ID, user.StatusDeactivated, e)
			})
			f.fails(t, errs.ErrNoRows, entry("member.deactivate", "user", "missing"), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, newID(), user.StatusDeactivated, e)
			})
		}},
		{name: "RemoveUserKeepsTheRowAndFreesTheEmail", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed Itor", access.RoleEditor)
			sess := f.addSession(t, ed.ID)
			k := f.addToken(t, ed.ID)
			g := access.Grant{ResourceType: access.ResSite, ResourceID: newID(), Role: access.RoleEditor}
			f.mutates(t, entry("grant.put", "site", g.ResourceID), func(e audit.Entry) error { return f.users.PutGrant(f.ctx, ed.ID, g, e) })
			other := f.addUser(t, "pat@riverside.example", "Pat", access.RoleViewer)
			otherSess := f.addSession(t, other.ID)
			f.mutates(t, entry("grant.put", "site", g.ResourceID), func(e audit.Entry) error { return f.users.PutGrant(f.ctx, other.ID, g, e) })

			f.mutates(t, entry("member.remove", "user", ed.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, ed.ID, e) })
			got, err := f.users.UserByID(f.ctx, ed.ID)
			noErr(t, "removed user by id", err)
			if got.Name != ed.Name || got.Status != user.StatusRemoved || got.Email == ed.Email {
				t.Fatalf("removed user reads %+v, want the name kept, status removed and the email freed", got)
			}
			_, err = f.users.UserByEmail(f.ctx, ed.Email)
			wantErr(t, "removed user by old email", err, errs.ErrNoRows)
			f.wantSessions(t, ed.ID)
			f.wantLiveTokens(t, ed.ID)
			tk, err := f.users.TokenByHash(f.ctx, k.Hash)
			noErr(t, "token by hash", err)
			if tk.RevokedAt == nil {
				t.Fatal("removed member's token is not revoked")
			}
			gs, err := f.users.Grants(f.ctx, ed.ID)
			noErr(t, "grants", err)
			if len(gs) != 0 {
				t.Fatalf("removed member keeps grants %v", gs)
			}
			_, err = f.users.SessionByHash(f.ctx, sess.IDHash)
			wantErr(t, "removed member's session", err, errs.ErrNoRows)
			// Nobody else loses anything.
			f.wantSessions(t, other.ID, otherSess.IDHash)
			if gs, _ := f.users.Grants(f.ctx, other.ID); len(gs) != 1 {
				t.Fatalf("other member has %d grants, want 1", len(gs))
			}

			// The email is free for someone new.
			again := f.addUser(t, ed.Email, "Ed Again", access.RoleViewer)
			byEmail, err := f.users.UserByEmail(f.ctx, ed.Email)
			noErr(t, "new user by email", err)
			if byEmail.ID != again.ID {
				t.Fatalf("email now belongs to %s, want the new user %s", byEmail.ID, again.ID)
			}

			// A removed member cannot be removed or changed again.
			f.fails(t, errs.ErrNoRows, entry("member.remove", "user", ed.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, ed.ID, e) })
			f.fails(t, errs.ErrNoRows, entry("member.role_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.SetRole(f.ctx, ed.ID, access.RoleViewer, e)
			})
			f.fails(t, errs.ErrNoRows, entry("member.activate", "user", ed.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, ed.ID, user.StatusActive, e)
			})
			f.wantStatus(t, ed.ID, user.StatusRemoved)
			f.fails(t, errs.ErrNoRows, entry("member.remove", "user", "missing"), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, newID(), e) })
		}},
		{name: "RemoveUserKeepsAnActiveAdmin", run: func(t *testing.T, f *fixture) {
			f.fails(t, user.ErrLastAdmin, entry("member.remove", "user", f.admin.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, f.admin.ID, e) })
			f.wantStatus(t, f.admin.ID, user.StatusActive)
			f.wantSessions(t, f.admin.ID, f.sess.IDHash)
			got, err := f.users.UserByEmail(f.ctx, f.admin.Email)
			noErr(t, "admin by email", err)
			if got.ID != f.admin.ID {
				t.Fatalf("admin's email now belongs to %s", got.ID)
			}

			// If the audit entry cannot be written, nothing happens.
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			sess := f.addSession(t, ed.ID)
			restore := FailAuditAppends(t, f.db)
			if err := f.users.RemoveUser(f.ctx, ed.ID, entry("member.remove", "user", ed.ID)); err == nil {
				t.Fatal("removed without an audit entry")
			}
			restore()
			f.wantStatus(t, ed.ID, user.StatusActive)
			f.wantSessions(t, ed.ID, sess.IDHash)

			second := f.addUser(t, "second@riverside.example", "Second Admin", access.RoleAdmin)
			f.mutates(t, entry("member.remove", "user", f.admin.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, f.admin.ID, e) })
			f.fails(t, user.ErrLastAdmin, entry("member.remove", "user", second.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, second.ID, e) })
			f.wantStatus(t, second.ID, user.StatusActive)
		}},
		{name: "DeleteGrant", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleViewer)
			site := access.Grant{ResourceType: access.ResSite, ResourceID: newID(), Role: access.RoleEditor}
			pg := access.Grant{ResourceType: access.ResPage, ResourceID: newID(), Role: access.RoleViewer}
			for _, g := range []access.Grant{site, pg} {
				f.mutates(t, entry("grant.put", string(g.ResourceType), g.ResourceID), func(e audit.Entry) error { return f.users.PutGrant(f.ctx, ed.ID, g, e) })
			}
			// The right resource id under the wrong type, or another
			// member's, is not this grant.
			f.fails(t, errs.ErrNoRows, entry("grant.delete", "page", site.ResourceID), func(e audit.Entry) error {
				return f.users.DeleteGrant(f.ctx, ed.ID, access.ResPage, site.ResourceID, e)
			})
			f.fails(t, errs.ErrNoRows, entry("grant.delete", "site", site.ResourceID), func(e audit.Entry) error {
				return f.users.DeleteGrant(f.ctx, f.admin.ID, access.ResSite, site.ResourceID, e)
			})
			f.mutates(t, entry("grant.delete", "site", site.ResourceID), func(e audit.Entry) error {
				return f.users.DeleteGrant(f.ctx, ed.ID, access.ResSite, site.ResourceID, e)
			})
			gs, err := f.users.Grants(f.ctx, ed.ID)
			noErr(t, "grants", err)
			same(t, "grants after delete", gs, []access.Grant{pg})
			f.fails(t, errs.ErrNoRows, entry("grant.delete", "site", site.ResourceID), func(e audit.Entry) error {
				return f.users.DeleteGrant(f.ctx, ed.ID, access.ResSite, site.ResourceID, e)
			})
		}},
		{name: "ResourceName", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			p := f.addPage(t, s.ID, "home")
			name, err := f.users.ResourceName(f.ctx, access.ResSite, s.ID)
			noErr(t, "site name", err)
			if name != s.Name {
				t.Fatalf("site name %q, want %q", name, s.Name)
			}
			name, err = f.users.ResourceName(f.ctx, access.ResPage, p.ID)
			noErr(t, "page name", err)
			if name != p.Title {
				t.Fatalf("page name %q, want %q", name, p.Title)
			}
			_, err = f.users.ResourceName(f.ctx, access.ResSite, newID())
			wantErr(t, "missing site", err, errs.ErrNoRows)
			_, err = f.users.ResourceName(f.ctx, access.ResPage, newID())
			wantErr(t, "missing page", err, errs.ErrNoRows)
			// A page id is not a site id, and the other way round.
			_, err = f.users.ResourceName(f.ctx, access.ResSite, p.ID)
			wantErr(t, "page as site", err, errs.ErrNoRows)
			_, err = f.users.ResourceName(f.ctx, access.ResPage, s.ID)
			wantErr(t, "site as page", err, errs.ErrNoRows)
		}},
		{name: "SetName", run: func(t *testing.T, f *fixture) {
			f.mutates(t, entry("member.rename", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetName(f.ctx, f.admin.ID, "Maya Renamed", e)
			})
			u, err := f.users.UserByID(f.ctx, f.admin.ID)
			noErr(t, "user", err)
			if u.Name != "Maya Renamed" {
				t.Fatalf("name %q after rename", u.Name)
			}
			f.fails(t, errs.ErrNoRows, entry("member.rename", "user", "missing"), func(e audit.Entry) error {
				return f.users.SetName(f.ctx, newID(), "Nobody", e)
			})
		}},
		{name: "SetPasswordKeepsOnlyOneSession", run: func(t *testing.T, f *fixture) {
			s2, s3 := f.addSession(t, f.admin.ID), f.addSession(t, f.admin.ID)
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			edSess := f.addSession(t, ed.ID)
			f.mutates(t, entry("auth.password_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetPassword(f.ctx, f.admin.ID, "$argon2id$v=19$new", s2.IDHash, e)
			})
			u, err := f.users.UserByID(f.ctx, f.admin.ID)
			noErr(t, "user", err)
			if u.PasswordHash != "$argon2id$v=19$new" {
				t.Fatalf("password hash %q after change", u.PasswordHash)
			}
			f.wantSessions(t, f.admin.ID, s2.IDHash)
			_, err = f.users.SessionByHash(f.ctx, s3.IDHash)
			wantErr(t, "other session", err, errs.ErrNoRows)
			f.wantSessions(t, ed.ID, edSess.IDHash)

			// Keeping another user's session keeps none of one's own.
			f.mutates(t, entry("auth.password_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.SetPassword(f.ctx, f.admin.ID, "$argon2id$v=19$newer", edSess.IDHash, e)
			})
			f.wantSessions(t, f.admin.ID)
			f.wantSessions(t, ed.ID, edSess.IDHash)

			f.fails(t, errs.ErrNoRows, entry("auth.password_change", "user", "missing"), func(e audit.Entry) error {
				return f.users.SetPassword(f.ctx, newID(), "$argon2id$v=19$x", "", e)
			})
		}},
		{name: "InvitationsCreateFindList", run: func(t *testing.T, f *fixture) {
			a := f.newInvitation("a@riverside.example", f.now, 7*24*time.Hour)
			a.Grants = []user.GrantView{
				{ResourceType: access.ResSite, ResourceID: newID(), ResourceName: "Flu <clinic>", Role: access.RoleEditor},
				{ResourceType: access.ResPage, ResourceID: newID(), ResourceName: "Home", Role: access.RoleViewer},
			}
			f.addInvitation(t, a)
			got, err := f.users.InvitationByID(f.ctx, a.ID)
			noErr(t, "by id", err)
			same(t, "invitation by id", utcInvitation(got), a)
			got, err = f.users.InvitationByToken(f.ctx, a.TokenHash)
			noErr(t, "by token", err)
			same(t, "invitation by token", utcInvitation(got), a)
			_, err = f.users.InvitationByID(f.ctx, newID())
			wantErr(t, "missing by id", err, errs.ErrNoRows)
			_, err = f.users.InvitationByToken(f.ctx, randHex())
			wantErr(t, "missing by token", err, errs.ErrNoRows)

			// Nil grants read back as an empty list.
			b := f.newInvitation("b@riverside.example", f.now.Add(time.Second), time.Hour)
			b.Grants = nil
			f.addInvitation(t, b)
			got, err = f.users.InvitationByID(f.ctx, b.ID)
			noErr(t, "by id", err)
			if got.Grants == nil || len(got.Grants) != 0 {
				t.Fatalf("grants %#v, want an empty non-nil slice", got.Grants)
			}

			c := f.addInvitation(t, f.newInvitation("c@riverside.example", f.now.Add(2*time.Second), time.Hour))
			list, err := f.users.ListInvitations(f.ctx)
			noErr(t, "list", err)
			same(t, "invitations newest first", ids(list, invitationID), []string{c.ID, b.ID, a.ID})
			same(t, "listed invitation", utcInvitation(list[2]), a)
		}},
		{name: "InvitationsOnePendingPerEmail", run: func(t *testing.T, f *fixture) {
			first := f.addInvitation(t, f.newInvitation("a@riverside.example", f.now, time.Hour))
			dup := f.newInvitation(first.Email, f.now.Add(time.Minute), time.Hour)
			f.fails(t, errs.ErrDuplicate, entry("invitation.create", "invitation", dup.ID), func(e audit.Entry) error {
				return f.users.CreateInvitation(f.ctx, dup, e)
			})
			_, err := f.users.InvitationByID(f.ctx, dup.ID)
			wantErr(t, "duplicate invitation", err, errs.ErrNoRows)
			f.wantInvitationStatus(t, first.ID, user.InvitePending)

			// The same token hash twice is a duplicate too.
			sameToken := f.newInvitation("other@riverside.example", f.now, time.Hour)
			sameToken.TokenHash = first.TokenHash
			f.fails(t, errs.ErrDuplicate, entry("invitation.create", "invitation", sameToken.ID), func(e audit.Entry) error {
				return f.users.CreateInvitation(f.ctx, sameToken, e)
			})

			// Once the first has expired, a new one may be made; the old
			// one is marked expired.
			later := f.addInvitation(t, f.newInvitation(first.Email, first.ExpiresAt, time.Hour))
			f.wantInvitationStatus(t, first.ID, user.InviteExpired)
			f.wantInvitationStatus(t, later.ID, user.InvitePending)

			// A revoked one does not block either.
			later.Status = user.InviteRevoked
			f.mutates(t, entry("invitation.revoke", "invitation", later.ID), func(e audit.Entry) error {
				return f.users.UpdateInvitation(f.ctx, later, &e)
			})
			f.addInvitation(t, f.newInvitation(first.Email, later.CreatedAt.Add(time.Minute), time.Hour))
			f.wantInvitationStatus(t, later.ID, user.InviteRevoked)
		}},
		{name: "UpdateInvitation", run: func(t *testing.T, f *fixture) {
			inv := f.addInvitation(t, f.newInvitation("a@riverside.example", f.now, time.Hour))

			// Bookkeeping without an entry appends nothing.
			inv.EmailStatus, inv.EmailError = user.EmailFailed, "connection refused"
			n0, seq0 := f.auditState(t)
			noErr(t, "update without entry", f.users.UpdateInvitation(f.ctx, inv, nil))
			if n1, seq1 := f.auditState(t); n1 != n0 || seq1 != seq0 {
				t.Fatalf("update with a nil entry took the audit log from %d entries to %d", n0, n1)
			}
			got, err := f.users.InvitationByID(f.ctx, inv.ID)
			noErr(t, "by id", err)
			same(t, "after bookkeeping", utcInvitation(got), inv)

			// A resend: new token, new expiry, delivered.
			old := inv.TokenHash
			inv.TokenHash, inv.ExpiresAt, inv.EmailStatus, inv.EmailError = randHex(), f.now.Add(48*time.Hour), user.EmailSent, ""
			f.mutates(t, entry("invitation.resend", "invitation", inv.ID), func(e audit.Entry) error {
				return f.users.UpdateInvitation(f.ctx, inv, &e)
			})
			got, err = f.users.InvitationByToken(f.ctx, inv.TokenHash)
			noErr(t, "by new token", err)
			same(t, "after resend", utcInvitation(got), inv)
			_, err = f.users.InvitationByToken(f.ctx, old)
			wantErr(t, "by old token", err, errs.ErrNoRows)

			missing := f.newInvitation("b@riverside.example", f.now, time.Hour)
			f.fails(t, errs.ErrNoRows, entry("invitation.resend", "invitation", missing.ID), func(e audit.Entry) error {
				return f.users.UpdateInvitation(f.ctx, missing, &e)
			})
			f.fails(t, errs.ErrNoRows, entry("invitation.resend", "invitation", missing.ID), func(audit.Entry) error {
				return f.users.UpdateInvitation(f.ctx, missing, nil)
			})
		}},
		{name: "AcceptInvitation", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			inv := f.newInvitation("new@riverside.example", f.now, time.Hour)
			inv.Role = access.RoleViewer
			inv.Grants = []user.GrantView{
				{ResourceType: access.ResSite, ResourceID: s.ID, ResourceName: s.Name, Role: access.RoleEditor},
				{ResourceType: access.ResPage, ResourceID: newID(), ResourceName: "Home", Role: access.RoleAdmin},
			}
			f.addInvitation(t, inv)
			at := f.now.Add(time.Minute)
			u := f.newUser(inv.Email, "New Member", inv.Role)
			u.CreatedAt = at
			sess := f.newSession(u.ID, at.Add(12*time.Hour))
			sess.CreatedAt, sess.LastSeenAt = at, at
			f.mutates(t, entry("invitation.accept", "invitation", inv.ID), func(e audit.Entry) error {
				return f.users.AcceptInvitation(f.ctx, inv, u, sess, e)
			})

			got, err := f.users.UserByID(f.ctx, u.ID)
			noErr(t, "new user", err)
			if got.LastLoginAt == nil || !got.LastLoginAt.Equal(at) {
				t.Fatalf("last login %v, want %v", got.LastLoginAt, at)
			}
			got.LastLoginAt = nil
			same(t, "new user", utcUser(got), u)
			gs, err := f.users.Grants(f.ctx, u.ID)
			noErr(t, "grants", err)
			want := make([]access.Grant, len(inv.Grants))
			for i, g := range inv.Grants {
				want[i] = access.Grant{ResourceType: g.ResourceType, ResourceID: g.ResourceID, Role: g.Role}
			}
			sortAccessGrants(gs)
			sortAccessGrants(want)
			same(t, "grants", gs, want)
			gotSess, err := f.users.SessionByHash(f.ctx, sess.IDHash)
			noErr(t, "session", err)
			same(t, "session", utcSession(gotSess), sess)
			f.wantInvitationStatus(t, inv.ID, user.InviteAccepted)

			// A second acceptance, even as someone else, is stale.
			n0, _ := f.users.CountUsers(f.ctx)
			u2 := f.newUser("other@riverside.example", "Second Try", inv.Role)
			s2 := f.newSession(u2.ID, at.Add(time.Hour))
			f.fails(t, errs.ErrStale, entry("invitation.accept", "invitation", inv.ID), func(e audit.Entry) error {
				return f.users.AcceptInvitation(f.ctx, inv, u2, s2, e)
			})
			if n1, _ := f.users.CountUsers(f.ctx); n1 != n0 {
				t.Fatalf("%d users after a second acceptance, want %d", n1, n0)
			}
			_, err = f.users.UserByID(f.ctx, u2.ID)
			wantErr(t, "second user", err, errs.ErrNoRows)
			_, err = f.users.SessionByHash(f.ctx, s2.IDHash)
			wantErr(t, "second session", err, errs.ErrNoRows)
		}},
		{name: "AcceptInvitationStale", run: func(t *testing.T, f *fixture) {
			n0, _ := f.users.CountUsers(f.ctx)
			accept := func(t *testing.T, inv user.Invitation, at time.Time, want error) {
				t.Helper()
				u := f.newUser(inv.Email, "Joiner", inv.Role)
				s := f.newSession(u.ID, at.Add(time.Hour))
				s.CreatedAt, s.LastSeenAt = at, at
				if want == nil {
					f.mutates(t, entry("invitation.accept", "invitation", inv.ID), func(e audit.Entry) error {
						return f.users.AcceptInvitation(f.ctx, inv, u, s, e)
					})
					return
				}
				f.fails(t, want, entry("invitation.accept", "invitation", inv.ID), func(e audit.Entry) error {
					return f.users.AcceptInvitation(f.ctx, inv, u, s, e)
				})
				_, err := f.users.UserByID(f.ctx, u.ID)
				wantErr(t, "user of a stale acceptance", err, errs.ErrNoRows)
			}

			// Resent since it was read: the token it was found by is old.
			inv := f.addInvitation(t, f.newInvitation("a@riverside.example", f.now, time.Hour))
			read := inv
			inv.TokenHash = randHex()
			f.mutates(t, entry("invitation.resend", "invitation", inv.ID), func(e audit.Entry) error {
				return f.users.UpdateInvitation(f.ctx, inv, &e)
			})
			accept(t, read, f.now.Add(time.Minute), errs.ErrStale)
			f.wantInvitationStatus(t, inv.ID, user.InvitePending)

			// Revoked.
			revoked := f.addInvitation(t, f.newInvitation("b@riverside.example", f.now, time.Hour))
			revoked.Status = user.InviteRevoked
			f.mutates(t, entry("invitation.revoke", "invitation", revoked.ID), func(e audit.Entry) error {
				return f.users.UpdateInvitation(f.ctx, revoked, &e)
			})
			revoked.Status = user.InvitePending // as read before the revocation
			accept(t, revoked, f.now.Add(time.Minute), errs.ErrStale)

			// Expired.
			expired := f.addInvitation(t, f.newInvitation("c@riverside.example", f.now, time.Hour))
			accept(t, expired, expired.ExpiresAt, errs.ErrStale)
			if n1, _ := f.users.CountUsers(f.ctx); n1 != n0 {
				t.Fatalf("%d users after stale acceptances, want %d", n1, n0)
			}

			// The current token still works.
			accept(t, inv, f.now.Add(time.Minute), nil)
			f.wantInvitationStatus(t, inv.ID, user.InviteAccepted)
		}},
		{name: "AcceptInvitationEmailTaken", run: func(t *testing.T, f *fixture) {
			inv := f.addInvitation(t, f.newInvitation("ed@riverside.example", f.now, time.Hour))
			f.addUser(t, inv.Email, "Ed Already", access.RoleEditor)
			u := f.newUser(inv.Email, "Ed Joining", inv.Role)
			s := f.newSession(u.ID, f.now.Add(time.Hour))
			f.fails(t, errs.ErrDuplicate, entry("invitation.accept", "invitation", inv.ID), func(e audit.Entry) error {
				return f.users.AcceptInvitation(f.ctx, inv, u, s, e)
			})
			f.wantInvitationStatus(t, inv.ID, user.InvitePending)
		}},
		{name: "OneTimeTokensPeek", run: func(t *testing.T, f *fixture) {
			reset := f.addOneTimeToken(t, user.KindPasswordReset, f.admin.ID, "", time.Hour)
			got, err := f.users.PeekOneTimeToken(f.ctx, reset.Hash, user.KindPasswordReset, f.now)
			noErr(t, "peek", err)
			got.CreatedAt, got.ExpiresAt = utc(got.CreatedAt), utc(got.ExpiresAt)
			same(t, "peeked token", got, reset)
			// Peeking does not use it.
			_, err = f.users.PeekOneTimeToken(f.ctx, reset.Hash, user.KindPasswordReset, f.now)
			noErr(t, "peek again", err)

			_, err = f.users.PeekOneTimeToken(f.ctx, reset.Hash, user.KindEmailChange, f.now)
			wantErr(t, "wrong kind", err, errs.ErrNoRows)
			_, err = f.users.PeekOneTimeToken(f.ctx, reset.Hash, user.KindPasswordReset, reset.ExpiresAt)
			wantErr(t, "at expiry", err, errs.ErrNoRows)
			_, err = f.users.PeekOneTimeToken(f.ctx, reset.Hash, user.KindPasswordReset, reset.ExpiresAt.Add(time.Hour))
			wantErr(t, "after expiry", err, errs.ErrNoRows)
			_, err = f.users.PeekOneTimeToken(f.ctx, randHex(), user.KindPasswordReset, f.now)
			wantErr(t, "missing", err, errs.ErrNoRows)

			f.mutates(t, entry("auth.password_reset", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.ResetPassword(f.ctx, reset.Hash, user.KindPasswordReset, f.now, "$argon2id$v=19$reset", e)
			})
			_, err = f.users.PeekOneTimeToken(f.ctx, reset.Hash, user.KindPasswordReset, f.now)
			wantErr(t, "used", err, errs.ErrNoRows)

			dup := reset
			f.fails(t, errs.ErrDuplicate, entry("auth.password_reset_request", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.CreateOneTimeToken(f.ctx, dup, e)
			})
		}},
		{name: "ResetPassword", run: func(t *testing.T, f *fixture) {
			s2 := f.addSession(t, f.admin.ID)
			r1 := f.addOneTimeToken(t, user.KindPasswordReset, f.admin.ID, "", time.Hour)
			r2 := f.addOneTimeToken(t, user.KindPasswordReset, f.admin.ID, "", time.Hour)
			change := f.addOneTimeToken(t, user.KindEmailChange, f.admin.ID, "maya@new.example", time.Hour)
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			edSess := f.addSession(t, ed.ID)
			edReset := f.addOneTimeToken(t, user.KindPasswordReset, ed.ID, "", time.Hour)

			// A token of another kind is not a reset token.
			f.fails(t, errs.ErrNoRows, entry("auth.password_reset", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.ResetPassword(f.ctx, change.Hash, user.KindPasswordReset, f.now, "$argon2id$v=19$x", e)
			})
			// Nor is an expired one.
			f.fails(t, errs.ErrNoRows, entry("auth.password_reset", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.ResetPassword(f.ctx, r1.Hash, user.KindPasswordReset, r1.ExpiresAt, "$argon2id$v=19$x", e)
			})
			f.wantSessions(t, f.admin.ID, f.sess.IDHash, s2.IDHash)

			at := f.now.Add(time.Minute)
			f.mutates(t, entry("auth.password_reset", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.ResetPassword(f.ctx, r1.Hash, user.KindPasswordReset, at, "$argon2id$v=19$reset", e)
			})
			u, err := f.users.UserByID(f.ctx, f.admin.ID)
			noErr(t, "user", err)
			if u.PasswordHash != "$argon2id$v=19$reset" {
				t.Fatalf("password hash %q after reset", u.PasswordHash)
			}
			f.wantSessions(t, f.admin.ID)

			// Used once; the user's other reset links die with it.
			for _, k := range []user.OneTimeToken{r1, r2} {
				f.fails(t, errs.ErrNoRows, entry("auth.password_reset", "user", f.admin.ID), func(e audit.Entry) error {
					return f.users.ResetPassword(f.ctx, k.Hash, user.KindPasswordReset, at, "$argon2id$v=19$again", e)
				})
				_, err := f.users.PeekOneTimeToken(f.ctx, k.Hash, user.KindPasswordReset, at)
				wantErr(t, "used reset token", err, errs.ErrNoRows)
			}
			u, _ = f.users.UserByID(f.ctx, f.admin.ID)
			if u.PasswordHash != "$argon2id$v=19$reset" {
				t.Fatalf("password hash %q after a reused token", u.PasswordHash)
			}
			// Other kinds, and other users' links and sessions, are untouched.
			_, err = f.users.PeekOneTimeToken(f.ctx, change.Hash, user.KindEmailChange, at)
			noErr(t, "email change token", err)
			_, err = f.users.PeekOneTimeToken(f.ctx, edReset.Hash, user.KindPasswordReset, at)
			noErr(t, "other user's reset token", err)
			f.wantSessions(t, ed.ID, edSess.IDHash)

			// A member who is no longer active cannot reset, and the link
			// is not spent by trying.
			f.mutates(t, entry("member.deactivate", "user", ed.ID), func(e audit.Entry) error {
				return f.users.SetStatus(f.ctx, ed.ID, user.StatusDeactivated, e)
			})
			f.fails(t, errs.ErrNoRows, entry("auth.password_reset", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ResetPassword(f.ctx, edReset.Hash, user.KindPasswordReset, at, "$argon2id$v=19$x", e)
			})
			_, err = f.users.PeekOneTimeToken(f.ctx, edReset.Hash, user.KindPasswordReset, at)
			noErr(t, "refused reset token", err)
		}},
		{name: "ConfirmEmail", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			tok := f.addOneTimeToken(t, user.KindEmailChange, ed.ID, "ed@new.example", time.Hour)

			// Someone else's link, or the wrong kind, changes nothing and
			// leaves the link usable.
			f.fails(t, errs.ErrNoRows, entry("member.email_change", "user", f.admin.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, tok.Hash, f.admin.ID, f.now, e)
			})
			_, err := f.users.PeekOneTimeToken(f.ctx, tok.Hash, user.KindEmailChange, f.now)
			noErr(t, "token after the wrong owner tried it", err)
			reset := f.addOneTimeToken(t, user.KindPasswordReset, ed.ID, "ed@reset.example", time.Hour)
			f.fails(t, errs.ErrNoRows, entry("member.email_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, reset.Hash, ed.ID, f.now, e)
			})
			f.fails(t, errs.ErrNoRows, entry("member.email_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, tok.Hash, ed.ID, tok.ExpiresAt, e)
			})
			f.wantEmail(t, ed.ID, ed.Email)

			got := f.mutates(t, entry("member.email_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, tok.Hash, ed.ID, f.now, e)
			})
			if got.Changes == nil || got.Changes.Before["email"] != ed.Email || got.Changes.After["email"] != "ed@new.example" {
				t.Fatalf("audit changes %+v, want the email from %s to ed@new.example", got.Changes, ed.Email)
			}
			f.wantEmail(t, ed.ID, "ed@new.example")
			byEmail, err := f.users.UserByEmail(f.ctx, "ed@new.example")
			noErr(t, "by new email", err)
			if byEmail.ID != ed.ID {
				t.Fatalf("new email belongs to %s", byEmail.ID)
			}
			_, err = f.users.UserByEmail(f.ctx, ed.Email)
			wantErr(t, "by old email", err, errs.ErrNoRows)
			f.fails(t, errs.ErrNoRows, entry("member.email_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, tok.Hash, ed.ID, f.now, e)
			})
		}},
		{name: "ConfirmEmailTaken", run: func(t *testing.T, f *fixture) {
			ed := f.addUser(t, "ed@riverside.example", "Ed", access.RoleEditor)
			tok := f.addOneTimeToken(t, user.KindEmailChange, ed.ID, f.admin.Email, time.Hour)
			f.fails(t, errs.ErrDuplicate, entry("member.email_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, tok.Hash, ed.ID, f.now, e)
			})
			f.wantEmail(t, ed.ID, ed.Email)
			f.wantEmail(t, f.admin.ID, f.admin.Email)
			// Not spent: once the address is free it goes through.
			_, err := f.users.PeekOneTimeToken(f.ctx, tok.Hash, user.KindEmailChange, f.now)
			noErr(t, "token after a clash", err)
			f.addUser(t, "second@riverside.example", "Second Admin", access.RoleAdmin)
			f.mutates(t, entry("member.remove", "user", f.admin.ID), func(e audit.Entry) error { return f.users.RemoveUser(f.ctx, f.admin.ID, e) })
			f.mutates(t, entry("member.email_change", "user", ed.ID), func(e audit.Entry) error {
				return f.users.ConfirmEmail(f.ctx, tok.Hash, ed.ID, f.now, e)
			})
			f.wantEmail(t, ed.ID, f.admin.Email)
		}},
	})
}

// member returns one listed member, failing the test if it is not listed.
func (f *fixture) member(t *testing.T, id string) user.Member {
	t.Helper()
	ms, err := f.users.ListMembers(f.ctx, user.MemberFilter{})
	noErr(t, "list members", err)
	for _, m := range ms {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("member %s is not listed", id)
	return user.Member{}
}

func (f *fixture) wantRole(t *testing.T, id string, role access.Role) {
	t.Helper()
	u, err := f.users.UserByID(f.ctx, id)
	noErr(t, "user", err)
	if u.Role != role {
		t.Fatalf("role %s, want %s", u.Role, role)
	}
}

func (f *fixture) wantStatus(t *testing.T, id, status string) {
	t.Helper()
	u, err := f.users.UserByID(f.ctx, id)
	noErr(t, "user", err)
	if u.Status != status {
		t.Fatalf("status %s, want %s", u.Status, status)
	}
}

func (f *fixture) wantEmail(t *testing.T, id, email string) {
	t.Helper()
	u, err := f.users.UserByID(f.ctx, id)
	noErr(t, "user", err)
	if u.Email != email {
		t.Fatalf("email %s, want %s", u.Email, email)
	}
}

// wantSessions checks the exact set of a user's sessions.
func (f *fixture) wantSessions(t *testing.T, userID string, hashes ...string) {
	t.Helper()
	rows, err := f.db.R.QueryContext(f.ctx, "SELECT id_hash FROM sessions WHERE user_id = $1", userID)
	noErr(t, "list sessions", err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var h string
		noErr(t, "scan session", rows.Scan(&h))
		got = append(got, h)
	}
	noErr(t, "list sessions", rows.Err())
	slices.Sort(got)
	want := slices.Clone(hashes)
	slices.Sort(want)
	same(t, "sessions", got, want)
}

// wantLiveTokens checks the exact set of a user's unrevoked tokens.
func (f *fixture) wantLiveTokens(t *testing.T, userID string, tokenIDs ...string) {
	t.Helper()
	list, err := f.users.Tokens(f.ctx, userID)
	noErr(t, "tokens", err)
	got := ids(list, tokenID)
	slices.Sort(got)
	want := slices.Clone(tokenIDs)
	slices.Sort(want)
	if len(got) == 0 {
		got = nil
	}
	same(t, "live tokens", got, want)
}

func (f *fixture) wantInvitationStatus(t *testing.T, id, status string) {
	t.Helper()
	inv, err := f.users.InvitationByID(f.ctx, id)
	noErr(t, "invitation", err)
	if inv.Status != status {
		t.Fatalf("invitation status %s, want %s", inv.Status, status)
	}
}

func (f *fixture) addSession(t *testing.T, userID string) user.Session {
	t.Helper()
	s := f.newSession(userID, f.now.Add(time.Hour))
	f.mutates(t, entry("auth.login", "user", userID), func(e audit.Entry) error { return f.users.CreateSession(f.ctx, s, e) })
	return s
}

func (f *fixture) addToken(t *testing.T, userID string) user.Token {
	t.Helper()
	k := user.Token{ID: newID(), UserID: userID, Name: "token " + randHex()[:6], Prefix: "pw_x", Hash: randHex(), CreatedAt: f.now}
	f.mutates(t, entry("token.create", "token", k.ID), func(e audit.Entry) error { return f.users.CreateToken(f.ctx, k, e) })
	return k
}

func (f *fixture) newInvitation(email string, created time.Time, ttl time.Duration) user.Invitation {
	return user.Invitation{ID: newID(), Email: email, Role: access.RoleEditor, Grants: []user.GrantView{}, Status: user.InvitePending,
		InvitedBy: user.UserRef{ID: f.admin.ID, Name: f.admin.Name}, CreatedAt: created, ExpiresAt: created.Add(ttl),
		EmailStatus: user.EmailNotConfigured, TokenHash: randHex()}
}

func (f *fixture) addInvitation(t *testing.T, inv user.Invitation) user.Invitation {
	t.Helper()
	f.mutates(t, entry("invitation.create", "invitation", inv.ID), func(e audit.Entry) error { return f.users.CreateInvitation(f.ctx, inv, e) })
	return inv
}

func (f *fixture) addOneTimeToken(t *testing.T, kind, userID, data string, ttl time.Duration) user.OneTimeToken {
	t.Helper()
	k := user.OneTimeToken{Hash: randHex(), Kind: kind, UserID: userID, Data: data, CreatedAt: f.now, ExpiresAt: f.now.Add(ttl)}
	f.mutates(t, entry("token.issue", "user", userID), func(e audit.Entry) error { return f.users.CreateOneTimeToken(f.ctx, k, e) })
	return k
}

func utcInvitation(inv user.Invitation) user.Invitation {
	inv.CreatedAt, inv.ExpiresAt = utc(inv.CreatedAt), utc(inv.ExpiresAt)
	return inv
}

func invitationID(inv user.Invitation) string { return inv.ID }

func sortGrantViews(gs []user.GrantView) {
	slices.SortFunc(gs, func(a, b user.GrantView) int {
		if a.ResourceType != b.ResourceType {
			return cmp.Compare(string(a.ResourceType), string(b.ResourceType))
		}
		return cmp.Compare(a.ResourceID, b.ResourceID)
	})
}

func sortAccessGrants(gs []access.Grant) {
	slices.SortFunc(gs, func(a, b access.Grant) int {
		if a.ResourceType != b.ResourceType {
			return cmp.Compare(string(a.ResourceType), string(b.ResourceType))
		}
		return cmp.Compare(a.ResourceID, b.ResourceID)
	})
}
