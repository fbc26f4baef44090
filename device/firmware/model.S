/* The model, in flash, 16-byte aligned (kinglet_load requires it). model.tflite is found on the
   assembler's include path (-Wa,-I,<dir>). */
    .section .kinglet_model, "a"
    .balign 16
    .global kinglet_model
kinglet_model:
    .incbin "model.tflite"
    .global kinglet_model_end
kinglet_model_end:
