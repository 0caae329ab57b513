package device

import (
	"context"
	"slices"
	"sync"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/tuning"
)

// account is what a check-in needs to know about an employee's devices
// and passkeys. It is cached for a minute by employee: the app fetches its
// challenge when it opens (a miss loads the account), and the tap that
// follows seconds later reads nothing. Entries are never changed in place;
// a write replaces or drops them.
//
// A change made by this node (enrolment, new phone, decision, sign-in) drops
// the entry at once. A change made by another node reaches this one within
// the TTL — except revocation, which the check-in's commit re-checks in the
// database (store.CommitCheckins), so a revoked phone is refused everywhere
// at once.
type account struct {
	emp      org.Employee
	devices  []Device
	passkeys []Passkey
	u        *user
}

type accounts struct {
	once  sync.Once
	cache *expirable.LRU[int64, *account]
}

func (s *Service) accountCache() *expirable.LRU[int64, *account] {
	s.acc.once.Do(func() {
		s.acc.cache = expirable.NewLRU[int64, *account](tuning.AccountCacheSize, nil, tuning.AccountTTL)
	})
	return s.acc.cache
}

// account returns the employee's devices and passkeys, from the cache or
// the database.
func (s *Service) account(ctx context.Context, employeeID int64) (*account, error) {
	if a, ok := s.accountCache().Get(employeeID); ok {
		return a, nil
	}
	e, err := s.employee(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	u, pks, err := s.waUser(ctx, e)
	if err != nil {
		return nil, err
	}
	devs, err := s.Store.Devices(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	// Clones: the database scan leaves room for twenty rows, and the cache
	// holds tens of thousands of accounts.
	// The verbatim record is left out: u holds it decoded, and a check-in
	// writes back only counters and flags. So is the decoded registration
	// evidence (attestation object, client data: about a kilobyte a
	// passkey), which verifying an assertion never reads; sign-in and
	// enrolment, which rewrite records, decode their own full copy.
	pks = exact(pks)
	for i := range pks {
		pks[i].Record = nil
	}
	for i := range u.creds {
		u.creds[i].Attestation = webauthn.CredentialAttestation{}
	}
	a := &account{emp: e, devices: exact(devs), passkeys: pks, u: u}
	s.accountCache().Add(employeeID, a)
	return a, nil
}

// forget drops an employee's cached account after a change to it.
func (s *Service) forget(employeeID int64) { s.accountCache().Remove(employeeID) }

// withCredential returns a copy of the account whose passkey carries the
// state the library just verified (sign count, flags), so the next
// check-in on this node compares with it.
func (a *account) withCredential(cred webauthn.Credential) *account {
	b := *a
	u := *a.u
	u.creds = make([]webauthn.Credential, len(a.u.creds))
	copy(u.creds, a.u.creds)
	for i := range u.creds {
		if string(u.creds[i].ID) == string(cred.ID) {
			u.creds[i] = cred
		}
	}
	b.u = &u
	return &b
}

// device finds a device of the account by key id. Errors: not_found,
// forbidden (revoked).
func (a *account) device(keyID string) (Device, error) {
	for _, d := range a.devices {
		if d.KeyID != keyID {
			continue
		}
		if d.Status == Revoked {
			return Device{}, apperr.New(apperr.Forbidden, "device.revoked")
		}
		return d, nil
	}
	return Device{}, apperr.New(apperr.NotFound, "device.not_registered")
}

// exact copies s into an array of its length; empty becomes nil (a
// zero-length slice still holds its array).
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}
