// 专家意见 / 德尔菲: anonymous rounds of expert figures for a study (a records kind:
// question, scope, period, threshold, max rounds, current round, status). Each round
// shows everyone the previous rounds' median, interquartile range and the reasons given,
// never who said what; the moderator (the study's owner, or an administrator) opens the
// next round until the spread falls under the threshold or the rounds run out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/access.h"
#include "forecast/judgement.h"

namespace salesdesk::app {

struct DelphiView {
  Record study;
  forecast::DelphiOutcome outcome;          // the closed rounds (all, once the study is closed)
  std::vector<int> answers_per_round;       // how many experts answered each round
  std::optional<double> my_figure;          // the caller's answer in the open round
  std::string my_reason;
  bool moderator = false;                   // the caller may open the next round
};

// The study's anonymous summary, as `actor` may see it (kNotFound when not visible).
Result<DelphiView> ViewDelphi(Store& store, const Actor& actor, Id study_id);

// Gives (or replaces) the actor's figure and reason for the study's open round.
// kInvalidArgument when the study is closed or the figure is not finite.
Result<DelphiView> AnswerDelphi(Store& store, const Actor& actor, Id study_id, double figure,
                                const std::string& reason);

// The moderator closes the open round: the study ends when it converged or its rounds
// are exhausted, else the next round opens. kPermissionDenied for anyone else;
// kInvalidArgument when the round has fewer than 3 answers or the study is closed.
Result<DelphiView> NextDelphiRound(Store& store, const Actor& actor, Id study_id);

}  // namespace salesdesk::app
