package access

import "testing"

func BenchmarkCheck(b *testing.B) {
	a := &Actor{UserID: "u", Role: RoleViewer, Grants: []Grant{{ResSite, "s1", RoleEditor}, {ResPage, "p9", RoleAdmin}}}
	res := Page("p1", "s1")
	b.ReportAllocs()
	for b.Loop() {
		if !Check(a, PageEdit, res) {
			b.Fatal("denied")
		}
	}
}
