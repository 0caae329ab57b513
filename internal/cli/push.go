package cli

import (
	"fmt"

	"github.com/hadir-id/hadir/internal/push"
)

// vapidKeys prints a new key pair as the two settings that override the
// pair kept in the database.
func vapidKeys(args []string, env Env) int {
	if len(args) > 0 {
		fmt.Fprintln(env.Stderr, "hadir vapid-keys: takes no arguments")
		return exitUsage
	}
	k, err := push.GenerateKeys()
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.Stdout, "HADIR_VAPID_PUBLIC_KEY=%s\nHADIR_VAPID_PRIVATE_KEY=%s\n", k.Public, k.Private)
	return exitOK
}
