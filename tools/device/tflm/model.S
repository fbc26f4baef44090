/* The model, in flash, 16-byte aligned. model.tflite is found on the assembler's include path. */
    .section .tflm_model, "a"
    .balign 16
    .global tflm_model
tflm_model:
    .incbin "model.tflite"
    .global tflm_model_end
tflm_model_end:
