package telegramtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"unicode/utf8"
)

// cmdKey is where a command list is stored: a scope and a language code.
type cmdKey struct {
	scope string // "default", "all_private_chats", "chat:123", ...
	lang  string
}

var (
	commandRE  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langCodeRE = regexp.MustCompile(`^[a-z]{2}$`)
)

// commandKey reads scope and language_code.
func commandKey(rq *request) (cmdKey, *apiError) {
	k := cmdKey{scope: "default", lang: rq.form.Get("language_code")}
	if k.lang != "" && !langCodeRE.MatchString(k.lang) {
		return k, badRequest("invalid language code specified")
	}
	if raw := rq.form.Get("scope"); raw != "" {
		var sc struct {
			Type   string `json:"type"`
			ChatID int64  `json:"chat_id"`
			UserID int64  `json:"user_id"`
		}
		if err := json.Unmarshal([]byte(raw), &sc); err != nil || sc.Type == "" {
			return k, badRequest("can't parse BotCommandScope JSON object")
		}
		switch sc.Type {
		case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
			k.scope = sc.Type
		case "chat", "chat_administrators":
			k.scope = fmt.Sprintf("%s:%d", sc.Type, sc.ChatID)
		case "chat_member":
			k.scope = fmt.Sprintf("%s:%d:%d", sc.Type, sc.ChatID, sc.UserID)
		default:
			return k, badRequest("wrong BotCommandScope type specified")
		}
	}
	return k, nil
}

func (s *Server) setMyCommands(rq *request) (any, *apiError) {
	raw := rq.form.Get("commands")
	if raw == "" {
		return nil, badRequest("parameter \"commands\" is required")
	}
	var cmds []Command
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON array")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !commandRE.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	k, e := commandKey(rq)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, k)
	} else {
		s.commands[k] = append([]Command(nil), cmds...)
	}
	s.broadcast()
	return true, nil
}

func (s *Server) getMyCommands(rq *request) (any, *apiError) {
	k, e := commandKey(rq)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Command{}, s.commands[k]...)
	return out, nil
}

func (s *Server) deleteMyCommands(rq *request) (any, *apiError) {
	k, e := commandKey(rq)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, k)
	s.broadcast()
	return true, nil
}

// Commands returns the command menu set for language code lang ("" for
// users of any other language) in the default scope.
func (s *Server) Commands(lang string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands[cmdKey{scope: "default", lang: lang}]...)
}

// ChatCommands returns the command menu set for one chat (scope "chat")
// and language code lang.
func (s *Server) ChatCommands(chatID int64, lang string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands[cmdKey{scope: fmt.Sprintf("chat:%d", chatID), lang: lang}]...)
}
