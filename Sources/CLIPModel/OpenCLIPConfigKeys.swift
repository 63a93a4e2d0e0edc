import Foundation

/// What happens to each key of an `open_clip_config.json` (a `ConfigKeyTable`): read (sizes
/// and options the model computes with), refused by `OpenAIArchitecture` (it would change
/// the computation and is not implemented), or not read — either because it cannot change
/// inference, or because it is unknown here. `load --verbose` lists the keys that are not read, once.
///
/// Example: `{"model_cfg": {"vision_cfg": {"patch_dropout": 0.5}}}` →
/// `vision_cfg.patch_dropout = 0.5 (training only: open_clip drops patches only in train mode)`.
public enum OpenCLIPConfigKeys {
    /// Keys whose values the model is built from (sizes also checked against tensor shapes).
    static let read: Set<String> = [
        "embed_dim", "quick_gelu",
        "vision_cfg.layers", "vision_cfg.width", "vision_cfg.head_width", "vision_cfg.mlp_ratio", "vision_cfg.patch_size",
        "vision_cfg.image_size", "vision_cfg.pool_type",
        "text_cfg.context_length", "text_cfg.vocab_size", "text_cfg.width", "text_cfg.heads", "text_cfg.layers",
        "text_cfg.mlp_ratio", "text_cfg.pool_type", "text_cfg.eos_id",
    ]
    /// Keys that cannot change the embeddings at inference, with why.
    static let inert: [String: String] = [
        "vision_cfg.patch_dropout": "training only: open_clip drops patches only in train mode",
        "vision_cfg.output_tokens": "changes what encode_image returns, not the pooled embedding",
        "text_cfg.output_tokens": "changes what encode_text returns, not the pooled embedding",
        "vision_cfg.emb_dropout": "training only",
        "vision_cfg.freeze": "training only", "text_cfg.freeze": "training only",
        "init_logit_scale": "the stored logit_scale is used", "init_logit_bias": "initial value only",
        "cast_dtype": "weights are computed in float32", "custom_text": "names open_clip's module layout",
        "text_cfg.pad_id": "padding never reaches the pooled token",
        "text_cfg.tokenizer_kwargs": "tokenizer options", "text_cfg.hf_tokenizer_name": "tokenizer name",
        "vision_cfg.timm_model_name": "null: no timm tower", "vision_cfg.timm_model_pretrained": "timm only",
        "vision_cfg.timm_pool": "timm only", "vision_cfg.timm_proj": "timm only", "vision_cfg.timm_proj_bias": "timm only",
        "vision_cfg.timm_drop": "timm only", "vision_cfg.timm_drop_path": "timm only",
        "vision_cfg.attn_pooler_queries": "attentional_pool is off", "vision_cfg.attn_pooler_heads": "attentional_pool is off",
        "text_cfg.hf_model_name": "null: no Hugging Face text tower", "text_cfg.hf_model_pretrained": "Hugging Face text tower only",
        "text_cfg.hf_proj_type": "Hugging Face text tower only", "text_cfg.hf_pooler_type": "Hugging Face text tower only",
        "text_cfg.proj_type": "the projection is read from text_projection",
        "ls_init_value": "null: no layer scale", "vision_cfg.ls_init_value": "null: no layer scale",
        "text_cfg.ls_init_value": "null: no layer scale",
    ]
    /// Options refused when true (or not the default); listed here so they count as known.
    static let refusedWhenSet: Set<String> = [
        "vision_cfg.attentional_pool", "vision_cfg.no_ln_pre", "vision_cfg.final_ln_after_pool", "vision_cfg.qk_norm",
        "vision_cfg.scaled_cosine_attn", "vision_cfg.scale_heads", "vision_cfg.scale_attn_inner", "vision_cfg.scale_attn",
        "vision_cfg.scale_fc", "vision_cfg.norm_kwargs", "vision_cfg.act_kwargs", "vision_cfg.pos_embed_type",
        "vision_cfg.input_patchnorm", "vision_cfg.global_average_pool",
        "text_cfg.embed_cls", "text_cfg.no_causal_mask", "text_cfg.final_ln_after_pool", "text_cfg.proj_bias",
        "text_cfg.qk_norm", "text_cfg.scaled_cosine_attn", "text_cfg.scale_heads", "text_cfg.scale_attn_inner",
        "text_cfg.scale_attn", "text_cfg.scale_fc", "text_cfg.norm_kwargs", "text_cfg.act_kwargs",
    ]

    /// The whole table; `preprocess_cfg` and other sections beside `model_cfg` are not model keys.
    public static let table = ConfigKeyTable(sections: ["vision_cfg", "text_cfg"], read: read,
                                             refusedWhenSet: refusedWhenSet, inert: inert, skipped: ["preprocess_cfg"])

    /// The model config's keys that are not read, as `key = value (why)`, in key order.
    public static func notRead(_ openCLIPConfig: [String: Any]) -> [String] {
        table.notRead(openCLIPConfig["model_cfg"] as? [String: Any] ?? openCLIPConfig)
    }

    static func describe(_ value: Any?) -> String { ConfigKeyTable.describe(value) }
}
