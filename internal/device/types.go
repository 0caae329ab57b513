// Package device owns who is checking in and on what: passkeys (WebAuthn,
// the person — synced iCloud/Google passkeys are normal and accepted),
// per-install device keys (a non-extractable WebCrypto P-256 key: this
// installed app), one-time activation codes, server-side ceremonies consumed
// once, signed single-use check-in challenges, device approval, and BKD
// recovery codes.
package device

import "time"

// Passkey is a registered WebAuthn credential of an employee. Record is the
// library's credential, stored verbatim; the other fields are for lookups,
// the admin view and the write-back after each use.
type Passkey struct {
	ID             int64      `json:"id"`
	EmployeeID     int64      `json:"employee_id"`
	CredentialID   []byte     `json:"-"`
	Record         []byte     `json:"-"`
	Flags          int        `json:"flags"`
	BackupEligible bool       `json:"backup_eligible"` // synced passkey (iCloud Keychain, Google Password Manager)
	BackupState    bool       `json:"backup_state"`
	AAGUID         []byte     `json:"-" gorm:"column:aaguid"`
	Transports     string     `json:"transports"`
	SignCount      int64      `json:"sign_count"`
	CloneWarning   bool       `json:"clone_warning"`
	CreatedAt      time.Time  `json:"created_at"`
	LastUsedAt     *time.Time `json:"last_used_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
}

// TableName is the passkeys table.
func (Passkey) TableName() string { return "passkeys" }

// Device statuses.
const (
	Pending = "pending" // a new phone waiting for the supervisor's or admin's approval
	Active  = "active"  // the one device that checks in
	Revoked = "revoked" // replaced, rejected or lost
)

// Device is one installed app of an employee.
type Device struct {
	ID         int64      `json:"id"`
	EmployeeID int64      `json:"employee_id"`
	KeyID      string     `json:"key_id"`
	PublicKey  []byte     `json:"-"` // uncompressed P-256 point (65 bytes)
	Status     string     `json:"status"`
	Label      string     `json:"label"`
	PasskeyID  *int64     `json:"passkey_id"`
	CreatedAt  time.Time  `json:"created_at"`
	DecidedAt  *time.Time `json:"decided_at"`
	DecidedBy  *int64     `json:"decided_by"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// TableName is the devices table.
func (Device) TableName() string { return "devices" }

// Ceremony kinds. (Check-in challenges are signed, not stored: challenge.go.)
const (
	KindRegister = "register"
	KindLogin    = "login"
)

// Ceremony is a WebAuthn enrolment or sign-in ceremony: the library's
// session data kept server-side verbatim (msgp) and consumed once.
type Ceremony struct {
	ID         int64
	Challenge  string
	Kind       string
	EmployeeID *int64
	DeviceID   *int64
	Session    []byte
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     *time.Time
}

// TableName is the ceremonies table.
func (Ceremony) TableName() string { return "ceremonies" }

// ActivationCode lets one employee enrol once.
type ActivationCode struct {
	ID         int64
	EmployeeID int64
	CodeHash   []byte
	CreatedAt  time.Time
	CreatedBy  *int64
	ExpiresAt  time.Time
	UsedAt     *time.Time
}

// TableName is the activation codes table.
func (ActivationCode) TableName() string { return "activation_codes" }

// RecoveryCode is a one-time fallback sign-in of a BKD administrator.
type RecoveryCode struct {
	ID        int64
	UserID    int64
	CodeHash  []byte
	CreatedAt time.Time
	UsedAt    *time.Time
}

// TableName is the recovery codes table.
func (RecoveryCode) TableName() string { return "recovery_codes" }

// Lifetimes.
const (
	ActivationTTL       = 7 * 24 * time.Hour // long enough for a roadshow week
	CeremonyTTL         = 5 * time.Minute
	CheckinChallengeTTL = 10 * time.Minute // prefetched when the app opens; the tap may come minutes later
)
