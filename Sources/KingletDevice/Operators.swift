import KingletRuntime

// One C entry point per registration (kinglet.h: `kinglet_op_<BuiltinOperator name>`). Each writes
// its `OpRegistration` into the slot kinglet_load provides; a firmware that does not list one lets
// the linker drop it with its kernel. Keep in sync with OpResolver.allBuiltins and kinglet.h
// (tools/device/build_lib.sh checks all three).

@inline(__always)
func write(_ registration: OpRegistration, to slot: UnsafeMutableRawPointer?) {
    slot?.bindMemory(to: OpRegistration.self, capacity: 1).initialize(to: registration)
}

@_cdecl("kinglet_op_ADD") public func kinglet_op_ADD(_ slot: UnsafeMutableRawPointer?) { write(.add, to: slot) }
@_cdecl("kinglet_op_ASSIGN_VARIABLE") public func kinglet_op_ASSIGN_VARIABLE(_ slot: UnsafeMutableRawPointer?) { write(.assignVariable, to: slot) }
@_cdecl("kinglet_op_AVERAGE_POOL_2D") public func kinglet_op_AVERAGE_POOL_2D(_ slot: UnsafeMutableRawPointer?) { write(.averagePool2D, to: slot) }
@_cdecl("kinglet_op_CALL_ONCE") public func kinglet_op_CALL_ONCE(_ slot: UnsafeMutableRawPointer?) { write(.callOnce, to: slot) }
@_cdecl("kinglet_op_CONCATENATION") public func kinglet_op_CONCATENATION(_ slot: UnsafeMutableRawPointer?) { write(.concatenation, to: slot) }
@_cdecl("kinglet_op_CONV_2D") public func kinglet_op_CONV_2D(_ slot: UnsafeMutableRawPointer?) { write(.conv2D, to: slot) }
@_cdecl("kinglet_op_DEPTHWISE_CONV_2D") public func kinglet_op_DEPTHWISE_CONV_2D(_ slot: UnsafeMutableRawPointer?) { write(.depthwiseConv2D, to: slot) }
@_cdecl("kinglet_op_DEQUANTIZE") public func kinglet_op_DEQUANTIZE(_ slot: UnsafeMutableRawPointer?) { write(.dequantize, to: slot) }
@_cdecl("kinglet_op_EXPAND_DIMS") public func kinglet_op_EXPAND_DIMS(_ slot: UnsafeMutableRawPointer?) { write(.expandDims, to: slot) }
@_cdecl("kinglet_op_FULLY_CONNECTED") public func kinglet_op_FULLY_CONNECTED(_ slot: UnsafeMutableRawPointer?) { write(.fullyConnected, to: slot) }
@_cdecl("kinglet_op_HARD_SWISH") public func kinglet_op_HARD_SWISH(_ slot: UnsafeMutableRawPointer?) { write(.hardSwish, to: slot) }
@_cdecl("kinglet_op_LEAKY_RELU") public func kinglet_op_LEAKY_RELU(_ slot: UnsafeMutableRawPointer?) { write(.leakyRelu, to: slot) }
@_cdecl("kinglet_op_LOGISTIC") public func kinglet_op_LOGISTIC(_ slot: UnsafeMutableRawPointer?) { write(.logistic, to: slot) }
@_cdecl("kinglet_op_MAXIMUM") public func kinglet_op_MAXIMUM(_ slot: UnsafeMutableRawPointer?) { write(.maximum, to: slot) }
@_cdecl("kinglet_op_MAX_POOL_2D") public func kinglet_op_MAX_POOL_2D(_ slot: UnsafeMutableRawPointer?) { write(.maxPool2D, to: slot) }
@_cdecl("kinglet_op_MEAN") public func kinglet_op_MEAN(_ slot: UnsafeMutableRawPointer?) { write(.mean, to: slot) }
@_cdecl("kinglet_op_MINIMUM") public func kinglet_op_MINIMUM(_ slot: UnsafeMutableRawPointer?) { write(.minimum, to: slot) }
@_cdecl("kinglet_op_MUL") public func kinglet_op_MUL(_ slot: UnsafeMutableRawPointer?) { write(.mul, to: slot) }
@_cdecl("kinglet_op_PACK") public func kinglet_op_PACK(_ slot: UnsafeMutableRawPointer?) { write(.pack, to: slot) }
@_cdecl("kinglet_op_PAD") public func kinglet_op_PAD(_ slot: UnsafeMutableRawPointer?) { write(.pad, to: slot) }
@_cdecl("kinglet_op_PADV2") public func kinglet_op_PADV2(_ slot: UnsafeMutableRawPointer?) { write(.padV2, to: slot) }
@_cdecl("kinglet_op_QUANTIZE") public func kinglet_op_QUANTIZE(_ slot: UnsafeMutableRawPointer?) { write(.quantize, to: slot) }
@_cdecl("kinglet_op_READ_VARIABLE") public func kinglet_op_READ_VARIABLE(_ slot: UnsafeMutableRawPointer?) { write(.readVariable, to: slot) }
@_cdecl("kinglet_op_RELU") public func kinglet_op_RELU(_ slot: UnsafeMutableRawPointer?) { write(.relu, to: slot) }
@_cdecl("kinglet_op_RELU6") public func kinglet_op_RELU6(_ slot: UnsafeMutableRawPointer?) { write(.relu6, to: slot) }
@_cdecl("kinglet_op_RESHAPE") public func kinglet_op_RESHAPE(_ slot: UnsafeMutableRawPointer?) { write(.reshape, to: slot) }
@_cdecl("kinglet_op_SOFTMAX") public func kinglet_op_SOFTMAX(_ slot: UnsafeMutableRawPointer?) { write(.softmax, to: slot) }
@_cdecl("kinglet_op_SPLIT") public func kinglet_op_SPLIT(_ slot: UnsafeMutableRawPointer?) { write(.split, to: slot) }
@_cdecl("kinglet_op_SPLIT_V") public func kinglet_op_SPLIT_V(_ slot: UnsafeMutableRawPointer?) { write(.splitV, to: slot) }
@_cdecl("kinglet_op_SQUEEZE") public func kinglet_op_SQUEEZE(_ slot: UnsafeMutableRawPointer?) { write(.squeeze, to: slot) }
@_cdecl("kinglet_op_STRIDED_SLICE") public func kinglet_op_STRIDED_SLICE(_ slot: UnsafeMutableRawPointer?) { write(.stridedSlice, to: slot) }
@_cdecl("kinglet_op_SUB") public func kinglet_op_SUB(_ slot: UnsafeMutableRawPointer?) { write(.sub, to: slot) }
@_cdecl("kinglet_op_TANH") public func kinglet_op_TANH(_ slot: UnsafeMutableRawPointer?) { write(.tanh, to: slot) }
@_cdecl("kinglet_op_TRANSPOSE") public func kinglet_op_TRANSPOSE(_ slot: UnsafeMutableRawPointer?) { write(.transpose, to: slot) }
@_cdecl("kinglet_op_UNPACK") public func kinglet_op_UNPACK(_ slot: UnsafeMutableRawPointer?) { write(.unpack, to: slot) }
@_cdecl("kinglet_op_VAR_HANDLE") public func kinglet_op_VAR_HANDLE(_ slot: UnsafeMutableRawPointer?) { write(.varHandle, to: slot) }

// int8-only variants (kinglet.h): no float or int16 kernels in the link.
@_cdecl("kinglet_op_AVERAGE_POOL_2D_INT8") public func kinglet_op_AVERAGE_POOL_2D_INT8(_ slot: UnsafeMutableRawPointer?) { write(.averagePool2DInt8, to: slot) }
@_cdecl("kinglet_op_CONV_2D_INT8") public func kinglet_op_CONV_2D_INT8(_ slot: UnsafeMutableRawPointer?) { write(.conv2DInt8, to: slot) }
@_cdecl("kinglet_op_DEPTHWISE_CONV_2D_INT8") public func kinglet_op_DEPTHWISE_CONV_2D_INT8(_ slot: UnsafeMutableRawPointer?) { write(.depthwiseConv2DInt8, to: slot) }
@_cdecl("kinglet_op_FULLY_CONNECTED_INT8") public func kinglet_op_FULLY_CONNECTED_INT8(_ slot: UnsafeMutableRawPointer?) { write(.fullyConnectedInt8, to: slot) }
@_cdecl("kinglet_op_MAX_POOL_2D_INT8") public func kinglet_op_MAX_POOL_2D_INT8(_ slot: UnsafeMutableRawPointer?) { write(.maxPool2DInt8, to: slot) }
@_cdecl("kinglet_op_SOFTMAX_INT8") public func kinglet_op_SOFTMAX_INT8(_ slot: UnsafeMutableRawPointer?) { write(.softmaxInt8, to: slot) }
