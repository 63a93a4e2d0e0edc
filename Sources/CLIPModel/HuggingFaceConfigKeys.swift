import Foundation

/// What happens to each key of a Hugging Face CLIP `config.json` (a `ConfigKeyTable`): read
/// into `CLIPConfig` (sizes, activation, LayerNorm epsilon, the pooling rule), refused when
/// its value would change the computation in a way CLIPLab does not implement, or not read —
/// because it cannot change the embeddings (dropout, initialisation, generation settings,
/// the bookkeeping every transformers config carries), or because it is unknown here.
///
/// Older exports repeat the towers as `text_config_dict` / `vision_config_dict`;
/// transformers lets those win over `text_config` / `vision_config`, and so does CLIPLab
/// (`effective`).
///
/// Example: `{"vision_config": {"hidden_act": "gelu_new"}}` is refused with
/// `vision_config.hidden_act = "gelu_new" is not supported …`; `{"text_config":
/// {"attention_dropout": 0.1}}` is listed as `text_config.attention_dropout = 0.1 (training only …)`.
public enum HuggingFaceConfigKeys {
    /// Activations computed exactly as transformers' `ACT2FN` computes them.
    public static let activations = ["quick_gelu", "gelu", "relu"]

    static let towerKeys = ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                            "hidden_act", "layer_norm_eps"]
    /// Keys whose values the model is built from.
    static let read: Set<String> = Set(
        ["projection_dim", "model_type", "text_config_dict", "vision_config_dict", "objective"]
            + (towerKeys + ["vocab_size", "max_position_embeddings", "eos_token_id"]).map { "text_config." + $0 }
            + (towerKeys + ["num_channels", "image_size", "patch_size"]).map { "vision_config." + $0 })

    /// Refused when not empty (`{}` in every released config).
    static let refusedWhenSet: Set<String> = ["text_config.pruned_heads", "vision_config.pruned_heads", "pruned_heads"]

    static let inert: [String: String] = [
        "logit_scale_init_value": "initial value only: the stored logit_scale is used",
        "logit_bias_init_value": "initial value only: the stored logit_bias is used",
        "initializer_factor": "initialisation only",
        "text_config.projection_dim": "CLIPModel projects with the top-level projection_dim",
        "vision_config.projection_dim": "CLIPModel projects with the top-level projection_dim",
        "text_config.pad_token_id": "padding after EOT never reaches the pooled token (causal attention)",
        "text_config.bos_token_id": "the tokenizer's start token; the ids already hold it",
    ]

    /// The generic keys every transformers config may carry, in any section.
    static let inertAnywhere: [String: String] = {
        var why: [String: String] = [
            "attention_dropout": "training only: dropout is off at inference", "dropout": "training only: dropout is off at inference",
            "initializer_range": "initialisation only", "initializer_factor": "initialisation only",
            "model_type": "names the config class", "architectures": "names the transformers class",
            "transformers_version": "the transformers that wrote the file", "_name_or_path": "where the config was loaded from",
            "_commit_hash": "where the config was loaded from",
            "dtype": "weights are computed in float32", "torch_dtype": "weights are computed in float32",
            "use_bfloat16": "weights are computed in float32",
            "_attn_implementation": "eager and SDPA attention compute the same values",
            "attn_implementation": "eager and SDPA attention compute the same values",
            "tokenizer_class": "names the tokenizer", "sep_token_id": "a tokenizer id CLIPModel does not use",
            "tf_legacy_loss": "training only", "gradient_checkpointing": "training only: same values, less memory",
            "chunk_size_feed_forward": "CLIP's MLP is not chunked", "tie_word_embeddings": "CLIP has no tied output layer",
            "tie_encoder_decoder": "CLIP has no decoder",
        ]
        for key in ["return_dict", "output_attentions", "output_hidden_states", "torchscript"] {
            why[key] = "changes what the forward pass returns, not the embeddings"
        }
        for key in ["is_decoder", "is_encoder_decoder", "add_cross_attention", "cross_attention_hidden_size"] {
            why[key] = "CLIPModel builds its encoders without cross-attention either way"
        }
        for key in ["finetuning_task", "id2label", "label2id", "problem_type", "task_specific_params", "prefix"] {
            why[key] = "task metadata for heads CLIPModel does not have"
        }
        for key in ["max_length", "min_length", "do_sample", "early_stopping", "num_beams", "num_beam_groups",
                    "diversity_penalty", "temperature", "top_k", "top_p", "typical_p", "repetition_penalty",
                    "length_penalty", "no_repeat_ngram_size", "encoder_no_repeat_ngram_size", "bad_words_ids",
                    "num_return_sequences", "output_scores", "return_dict_in_generate", "forced_bos_token_id",
                    "forced_eos_token_id", "remove_invalid_values", "exponential_decay_length_penalty",
                    "suppress_tokens", "begin_suppress_tokens", "decoder_start_token_id"] {
            why[key] = "text generation only: CLIP does not generate"
        }
        return why
    }()

    public static let table = ConfigKeyTable(sections: ["text_config", "vision_config"], read: read,
                                             refusedWhenSet: refusedWhenSet, inert: inert, inertAnywhere: inertAnywhere)

    /// The config's keys that are not read, as `key = value (why)`, in key order (after `effective`).
    public static func notRead(_ config: [String: Any]) -> [String] {
        table.notRead(effective(config))
    }

    /// The config as transformers sees it: `text_config_dict` / `vision_config_dict` entries
    /// override the same keys of `text_config` / `vision_config`.
    public static func effective(_ config: [String: Any]) -> [String: Any] {
        var merged = config
        for section in ["text_config", "vision_config"] {
            guard let overrides = config[section + "_dict"] as? [String: Any] else { continue }
            var tower = config[section] as? [String: Any] ?? [:]
            tower.merge(overrides) { _, override in override }
            merged[section] = tower
        }
        return merged
    }

    /// Refuses values that would change the computation and are not implemented, in one line
    /// naming key and value: an activation outside `activations`, pruned heads.
    /// (Sizes, channels and epsilons are checked by `CLIPConfig.checkLimits`.)
    public static func refuseUnsupported(_ config: [String: Any], file: String) throws {
        func refuse(_ key: String, _ value: Any?, _ why: String) throws -> Never {
            throw ModelError.checkpoint(path: file, message: "\(key) = \(ConfigKeyTable.describe(value)) is not supported: \(why)")
        }
        let config = effective(config)
        if let pruned = config["pruned_heads"] as? [String: Any], !pruned.isEmpty {
            try refuse("pruned_heads", pruned, "CLIPLab's attention keeps every head — load the unpruned model")
        }
        for section in ["text_config", "vision_config"] {
            guard let tower = config[section] as? [String: Any] else { continue }
            if let act = tower["hidden_act"], !activations.contains(act as? String ?? "") {
                try refuse("\(section).hidden_act", act, "CLIPLab computes \(activations.joined(separator: ", ")) exactly as transformers does, and no other activation")
            }
            if let pruned = tower["pruned_heads"] as? [String: Any], !pruned.isEmpty {
                try refuse("\(section).pruned_heads", pruned, "CLIPLab's attention keeps every head — load the unpruned model")
            }
        }
    }
}
