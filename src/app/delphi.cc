#include "app/delphi.h"

#include <cmath>

#include "app/records.h"

namespace salesdesk::app {
namespace {

// Every answer of the study, in rounds 1..`rounds` (server-side: the caller never sees
// them attributed).
Result<std::vector<std::vector<forecast::DelphiAnswer>>> Rounds(Transaction& tx, Id org, Id study, int rounds) {
  ListQuery q;
  q.visible = std::nullopt;
  q.limit = 1000000;
  q.filters.push_back({"study_id", Value(study)});
  SD_ASSIGN_OR_RETURN(Page page, tx.List(org, DelphiAnswersKind(), q));
  std::vector<std::vector<forecast::DelphiAnswer>> out(static_cast<std::size_t>(rounds));
  for (const Record& a : page.records) {
    const std::int64_t round = a.GetInt("round");
    if (round < 1 || round > rounds) continue;
    out[static_cast<std::size_t>(round - 1)].push_back(
        {std::to_string(a.GetInt("expert_id")), std::get<double>(a.Get("figure")), a.GetText("reason")});
  }
  return out;
}

bool IsModerator(const Actor& actor, const Record& study) {
  return actor.role == Role::kAdmin ||
         (std::holds_alternative<std::int64_t>(study.Get("owner_id")) && study.GetInt("owner_id") == actor.user_id);
}

Result<DelphiView> Build(Transaction& tx, const Actor& actor, Record study) {
  DelphiView view;
  const int round = static_cast<int>(study.GetInt("round"));
  SD_ASSIGN_OR_RETURN(auto rounds, Rounds(tx, actor.org_id, study.id, round));
  for (const auto& r : rounds) view.answers_per_round.push_back(static_cast<int>(r.size()));
  for (const auto& a : rounds.back()) {
    if (a.expert == std::to_string(actor.user_id)) view.my_figure = a.figure, view.my_reason = a.reason;
  }
  // The summary covers the closed rounds (all of them once the study is closed): an open
  // round's figures are not shown while experts are still answering.
  if (study.GetText("status") == "open") rounds.pop_back();
  forecast::DelphiOptions options;
  options.threshold = std::get<double>(study.Get("threshold"));
  options.max_rounds = static_cast<int>(study.GetInt("max_rounds"));
  if (!rounds.empty()) {
    SD_ASSIGN_OR_RETURN(view.outcome, forecast::SummariseDelphi(rounds, options));
  } else {
    view.outcome.status = "next round";
  }
  view.moderator = IsModerator(actor, study);
  view.study = std::move(study);
  return view;
}

Result<Record> Study(Transaction& tx, const Actor& actor, Id id) {
  const Reach read = PermissionFor(actor.role, "delphi_studies").read;
  return tx.Get(actor.org_id, DelphiStudiesKind(), id, actor.VisibleFor(read));
}

}  // namespace

Result<DelphiView> ViewDelphi(Store& store, const Actor& actor, Id study_id) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(Record study, Study(*tx, actor, study_id));
  return Build(*tx, actor, std::move(study));
}

Result<DelphiView> AnswerDelphi(Store& store, const Actor& actor, Id study_id, double figure,
                                const std::string& reason) {
  if (!std::isfinite(figure)) return Status::Invalid("must be a finite number", "figure");
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  SD_ASSIGN_OR_RETURN(Record study, Study(*tx, actor, study_id));
  if (study.GetText("status") != "open") return Status::Invalid("the study is closed", "status");
  Record answer(&DelphiAnswersKind());
  answer.Set("study_id", study.id);
  answer.Set("round", study.GetInt("round"));
  answer.Set("expert_id", actor.user_id);
  answer.Set("figure", figure);
  answer.Set("reason", reason);
  SD_RETURN_IF_ERROR(ValidateRecord(answer));
  SD_ASSIGN_OR_RETURN(std::optional<Id> existing,
                      tx->FindByNaturalKey(actor.org_id, DelphiAnswersKind(),
                                           {answer.Get("study_id"), answer.Get("round"), answer.Get("expert_id")}));
  if (existing) {
    SD_ASSIGN_OR_RETURN(Record old, tx->Get(actor.org_id, DelphiAnswersKind(), *existing, std::nullopt));
    answer.id = old.id;
    SD_RETURN_IF_ERROR(tx->Update(actor.org_id, answer, old.version).status());
  } else {
    SD_RETURN_IF_ERROR(tx->Insert(actor.org_id, answer).status());
  }
  SD_ASSIGN_OR_RETURN(DelphiView view, Build(*tx, actor, std::move(study)));
  SD_RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<DelphiView> NextDelphiRound(Store& store, const Actor& actor, Id study_id) {
  Status denial;
  {
    SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
    SD_ASSIGN_OR_RETURN(Record study, Study(*tx, actor, study_id));
    if (!IsModerator(actor, study)) {
      denial = Status::Denied("only the study's moderator may close a round");
    } else {
      if (study.GetText("status") != "open") return Status::Invalid("the study is closed", "status");
      const int round = static_cast<int>(study.GetInt("round"));
      SD_ASSIGN_OR_RETURN(auto rounds, Rounds(*tx, actor.org_id, study.id, round));
      if (rounds.back().size() < 3) {
        return Status::Invalid("round " + std::to_string(round) + " has " + std::to_string(rounds.back().size()) +
                                   " answers; at least 3 are needed",
                               "round");
      }
      forecast::DelphiOptions options;
      options.threshold = std::get<double>(study.Get("threshold"));
      options.max_rounds = static_cast<int>(study.GetInt("max_rounds"));
      SD_ASSIGN_OR_RETURN(forecast::DelphiOutcome outcome, forecast::SummariseDelphi(rounds, options));
      Record changed = study;
      if (outcome.finished) {
        changed.Set("status", std::string("closed"));
      } else {
        changed.Set("round", static_cast<std::int64_t>(round + 1));
      }
      SD_ASSIGN_OR_RETURN(Record updated, tx->Update(actor.org_id, changed, study.version));
      SD_RETURN_IF_ERROR(Audit(*tx, actor, "delphi_round", "delphi_studies/" + std::to_string(study.id), "allowed",
                               outcome.finished ? "closed: " + outcome.status : "round " + std::to_string(round + 1)));
      SD_ASSIGN_OR_RETURN(DelphiView view, Build(*tx, actor, std::move(updated)));
      SD_RETURN_IF_ERROR(tx->Commit());
      return view;
    }
  }
  return AuditDenial(store, actor, "delphi_round", "delphi_studies/" + std::to_string(study_id), denial);
}

}  // namespace salesdesk::app
