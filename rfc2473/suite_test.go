package rfc2473_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2473"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc2473.Folder

func TestRFC2473(t *testing.T) { suites.RunSuite(t, "RFC 2473 and 4213: tunnel interfaces") }
