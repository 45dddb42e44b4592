package bot

// IsOfficer reports whether u follows clubs rather than leads one: an
// officer of the Association or an admin.
func IsOfficer(u *User) bool {
	return u != nil && (u.Role == RoleOfficer || u.Role == RoleAdmin)
}

// CanInvite reports whether u may invite people through the bot: admins
// and provincial officers.
func CanInvite(u *User) bool {
	return u != nil && (u.Role == RoleAdmin || u.Role == RoleOfficer && u.Scope.Kind == ScopeProvince)
}

// OfficerScope is the part of the data u may see: the whole province for
// an admin, the officer's scope otherwise.
func OfficerScope(u *User) Scope {
	if u == nil || u.Role == RoleAdmin {
		return Scope{Kind: ScopeProvince}
	}
	return u.Scope
}

// UnitInScope reports whether unit u lies within scope s: the province
// holds every unit, a unit holds itself, and a former district holds the
// commune-level units formed, wholly or partly, from it.
func UnitInScope(s Scope, u Unit) bool {
	switch {
	case s.Kind == ScopeProvince:
		return true
	case s.Kind != ScopeUnit || s.UnitID == nil:
		return false
	case *s.UnitID == u.ID:
		return true
	}
	for _, d := range u.FormerDistrictIDs {
		if d == *s.UnitID {
			return true
		}
	}
	return false
}

// FormerDistrict is the district a new club in unit u is counted in: the
// officer's own former district when u was formed partly from it, else the
// district that gave u its code.
func FormerDistrict(s Scope, u Unit) *int64 {
	for _, d := range u.FormerDistrictIDs {
		if s.Kind == ScopeUnit && s.UnitID != nil && *s.UnitID == d {
			id := d
			return &id
		}
	}
	if len(u.FormerDistrictIDs) == 0 {
		return nil
	}
	id := u.FormerDistrictIDs[0]
	return &id
}
