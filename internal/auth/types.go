package auth

import "time"

// User is someone who can sign in: normally linked to an employee record; a
// BKD operator may exist without one.
type User struct {
	ID         int64      `json:"id"`
	RegencyID  int64      `json:"regency_id"`
	EmployeeID *int64     `json:"employee_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	DisabledAt *time.Time `json:"disabled_at"`
}

// Grant gives a user an admin role: agency admin for AgencyID (and its
// sub-agencies), or regency admin (AgencyID nil).
type Grant struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Role      Role      `json:"role"`
	AgencyID  *int64    `json:"agency_id"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy *int64    `json:"created_by"`
}

// TableName is the grants table.
func (Grant) TableName() string { return "role_grants" }

// Session is a server-side sign-in. The cookie carries a random secret whose
// hash is TokenHash.
type Session struct {
	ID         int64      `json:"id"`
	TokenHash  []byte     `json:"-"`
	UserID     int64      `json:"user_id"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastSeenAt time.Time  `json:"last_seen_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	UserAgent  string     `json:"user_agent"`
	Installed  bool       `json:"installed"`
}

// Purposes of one-time login tokens.
const (
	PurposeSetup  = "setup"  // first BKD administrator of an empty installation
	PurposeSignIn = "signin" // a one-time sign-in link for an existing user
)

// LoginToken is a one-time link token.
type LoginToken struct {
	ID        int64
	TokenHash []byte
	UserID    *int64
	Purpose   string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// Session lifetimes: an installed app stays signed in long enough that a
// morning check-in never needs a login; each use slides the expiry.
const (
	SessionTTL        = 90 * 24 * time.Hour
	SessionTouchEvery = time.Minute
	SetupLinkTTL      = 24 * time.Hour
	SignInLinkTTL     = 7 * 24 * time.Hour
	SessionCookie     = "hadir_session"
)
