package device_test

import (
	"context"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// Enrolment accepts synced (BE=1) and device-bound (BE=0) passkeys, refuses
// one without user verification, and an activation code works once.
func TestEnrolment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		reg := org.Regency{Name: "Kab", Timezone: "Asia/Jakarta"}
		must(t, st.CreateRegency(ctx, audit.System, &reg))
		ag := org.Agency{RegencyID: reg.ID, Code: "A", Name: "A", Kind: org.KindDinas, Active: true}
		must(t, st.CreateAgency(ctx, audit.System, &ag))
		rpw, err := device.NewRelyingParty("https://hadir.lampungselatankab.go.id")
		must(t, err)
		rp := virtualwebauthn.RelyingParty{ID: "hadir.lampungselatankab.go.id", Origin: "https://hadir.lampungselatankab.go.id"}
		svc := &device.Service{Store: st, RP: rpw, Now: time.Now}
		admin := &auth.Principal{UserID: 1, RegencyID: reg.ID, Roles: []auth.Role{auth.RoleAgencyAdmin}, AdminAgencies: []int64{ag.ID}}
		for i, tc := range []struct {
			name string
			opts virtualwebauthn.AuthenticatorOptions
			want apperr.Code
		}{
			{"synced like iCloud", virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true}, ""},
			{"device-bound security key", virtualwebauthn.AuthenticatorOptions{}, ""},
			{"no user verification", virtualwebauthn.AuthenticatorOptions{UserNotVerified: true}, apperr.Unauthorized},
		} {
			nip := []string{"198601282006112001", "198601282006112002", "198601282006112003"}[i]
			e := org.Employee{RegencyID: reg.ID, NIP: &nip, Name: tc.name, EmployeeType: org.TypePNS, UserHandle: auth.NewUserHandle(), ActiveFrom: civil.Date{Year: 2010, Month: 1, Day: 1}}
			must(t, st.CreateEmployee(ctx, audit.System, &e, &org.Assignment{AgencyID: ag.ID, ValidFrom: e.ActiveFrom}))
			act, err := svc.IssueActivationCode(ctx, admin, e.ID)
			must(t, err)
			start, err := svc.BeginEnrol(ctx, act.Code)
			must(t, err)
			ph, err := softphone.New(rp, tc.opts)
			must(t, err)
			req, err := ph.Enrol(act.Code, start.Options)
			must(t, err)
			out, err := svc.FinishEnrol(ctx, req, "test")
			if apperr.CodeOf(err) != tc.want {
				t.Fatalf("%s: %v, want %q", tc.name, err, tc.want)
			}
			if tc.want != "" {
				if pks, _ := st.Passkeys(ctx, e.ID); len(pks) != 0 {
					t.Fatalf("%s: a refused passkey was stored", tc.name)
				}
				continue
			}
			if out.Device.Status != device.Active || out.Synced != tc.opts.BackupEligible {
				t.Fatalf("%s: %+v", tc.name, out)
			}
			if _, err := svc.BeginEnrol(ctx, act.Code); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("%s: code reused: %v", tc.name, err)
			}
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
