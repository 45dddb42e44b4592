package dialogue

// onboardFlow links a new user to a club by invite code or phone number.
func onboardFlow() *Flow {
	return &Flow{
		Name: "onboard",
		Steps: []Step{
			{Name: "code", Prompt: "onboard.ask_code", Kind: KindCode},
		},
	}
}
